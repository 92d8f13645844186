import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MannequinOptionsSchema, renderMannequin } from '../../generate/mannequin';
import { backPose, frontPose } from '../../generate/testPoses';
import type { GeneratedVariant, GeneratorPose } from '../../generate/types';
import { CHECK_IDS } from '../checks';
import { decide } from '../scores';
import { QualityScorer, type ScoreInput } from './scorer';

let scorer: QualityScorer;

beforeAll(async () => {
  scorer = await QualityScorer.create();
});

afterAll(async () => {
  await scorer.dispose();
});

function render(pose: GeneratorPose, faceDefect: 'none' | 'blur' | 'missing', seed = 1): GeneratedVariant {
  const options = MannequinOptionsSchema.parse({ faceDefect });
  return renderMannequin({
    pose,
    width: 256,
    height: 256,
    prompt: 'white shirt, short hair, studio',
    seed,
    options,
  });
}

const input = (v: GeneratedVariant): ScoreInput => ({
  rgb: v.rgba,
  width: v.width,
  height: v.height,
  channels: 4,
  keypoints: v.keypoints,
});

describe('QualityScorer on mannequin variants', () => {
  it('a clean frontal face is found where the pose says, with agreeing landmarks, and passes', async () => {
    const r = await scorer.score(input(render(frontPose(), 'none')));
    expect(Object.keys(r.scores)).toEqual([...CHECK_IDS]);
    expect(r.scores['face.confidence']).toBeGreaterThan(0.5);
    expect(r.scores['face.landmarks']).toBeLessThan(0.2);
    expect(r.faces.length).toBeGreaterThan(0);
    expect(r.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(decide(r.scores)).toMatchObject({ reject: false, reasons: [] });
  });

  it('the same variant with a blurred face loses face sharpness and is rejected for it', async () => {
    const clean = await scorer.score(input(render(frontPose(), 'none')));
    const blurred = await scorer.score(input(render(frontPose(), 'blur')));
    expect(blurred.scores['face.sharpness']!).toBeLessThan(clean.scores['face.sharpness']! / 5);
    const d = decide(blurred.scores, {}, { groups: ['face'] });
    expect(d.failed).toContain('face.sharpness');
    expect(d.reasons.join()).toMatch(/face blurry/);
  });

  it('a back view expects no face: every face score is null, nothing is detected, nothing rejected', async () => {
    const r = await scorer.score(input(render(backPose(), 'missing')));
    for (const id of CHECK_IDS.filter((c) => c.startsWith('face.'))) expect(r.scores[id]).toBeNull();
    expect(r.faces).toEqual([]);
    expect(r.head).toBeNull();
    expect(r.scores['image.entropy']).toBeGreaterThan(3);
    expect(decide(r.scores, {}, { groups: ['face'] }).reject).toBe(false);
  });

  it('RGB and RGBA input give the same scores', async () => {
    const v = render(frontPose(), 'none', 2);
    const rgb = new Uint8Array(v.width * v.height * 3);
    for (let i = 0; i < v.width * v.height; i += 1) rgb.set(v.rgba.subarray(i * 4, i * 4 + 3), i * 3);
    const a = await scorer.score(input(v));
    const b = await scorer.score({ ...input(v), rgb, channels: 3 });
    expect(b.scores).toEqual(a.scores);
    expect(b.phash).toBe(a.phash);
  });

  it('refuses a short keypoint list, and use after dispose', async () => {
    const v = render(frontPose(), 'none');
    await expect(scorer.score({ ...input(v), keypoints: v.keypoints.slice(0, 5) })).rejects.toThrow(
      /COCO-17/,
    );
    const other = await QualityScorer.create();
    await other.dispose();
    await expect(other.score(input(v))).rejects.toThrow(/dispose/);
  });
});
