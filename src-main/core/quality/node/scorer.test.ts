import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../../tests/helpers/paths';
import { MannequinOptionsSchema, renderMannequin } from '../../generate/mannequin';
import { backPose, frontPose } from '../../generate/testPoses';
import type { GeneratedVariant, GeneratorPose } from '../../generate/types';
import { CHECK_IDS } from '../checks';
import { decide } from '../scores';
import { detectFaces, openBlazeFace } from './blazeface';
import { QualityScorer, type ScoreInput } from './scorer';

let scorer: QualityScorer;

beforeAll(async () => {
  scorer = await QualityScorer.create();
});

afterAll(async () => {
  await scorer.dispose();
});

type Defect = 'none' | 'blur' | 'smear' | 'distort' | 'missing';

function render(pose: GeneratorPose, faceDefect: Defect, seed = 1): GeneratedVariant {
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

  it('the same variant with a blurred face loses edge sharpness and feature contrast, and is rejected', async () => {
    const clean = await scorer.score(input(render(frontPose(), 'none')));
    const blurred = await scorer.score(input(render(frontPose(), 'blur')));
    expect(clean.scores['face.edges']!).toBeGreaterThan(3);
    expect(blurred.scores['face.edges']!).toBeLessThan(1.8);
    expect(blurred.scores['face.sharpness']!).toBeLessThan(clean.scores['face.sharpness']! / 5);
    expect(blurred.scores['face.features']!).toBeLessThan(clean.scores['face.features']! / 3);
    const d = decide(blurred.scores, {}, { groups: ['face'] });
    expect(d.failed).toContain('face.edges');
    expect(d.reasons.join()).toMatch(/face edges soft/);
  });

  it('each defect kind is rejected for face quality, with the check that fits it', async () => {
    const clean = await scorer.score(input(render(frontPose(), 'none', 3)));
    expect(decide(clean.scores, {}, { groups: ['face'] }).reject).toBe(false);
    const failed = async (defect: Defect): Promise<string[]> =>
      decide((await scorer.score(input(render(frontPose(), defect, 3)))).scores, {}, { groups: ['face'] })
        .failed;
    expect(await failed('missing')).toContain('face.features');
    expect(await failed('smear')).toContain('face.edges');
    expect(await failed('distort')).toContain('face.eyeOffset');
  });

  it('a face the pose shows by its nose alone is judged by its mouth', async () => {
    const pose = frontPose();
    for (const i of [1, 2]) pose.keypoints[i] = [pose.keypoints[i]![0], pose.keypoints[i]![1], 1];
    const scored = async (defect: Defect, seed: number) =>
      (await scorer.score(input(render(pose, defect, seed)))).scores;
    const clean = await scored('none', 3);
    expect(clean['face.features']).toBeNull();
    expect(clean['face.mouth']!).toBeGreaterThan(0.2);
    expect(clean['face.mouthOffset']!).toBeLessThan(0.03);
    expect(decide(clean, {}, { groups: ['face'] }).reject).toBe(false);
    const missing = decide(await scored('missing', 3), {}, { groups: ['face'] });
    expect(missing.failed).toContain('face.mouth');
    expect(missing.reasons.join()).toMatch(/no clear mouth below the nose/);
    expect(decide(await scored('distort', 3), {}, { groups: ['face'] }).reject).toBe(true);
  });

  it('a back view expects no face: every face score is null, nothing is detected, nothing rejected', async () => {
    const r = await scorer.score(input(render(backPose(), 'missing')));
    for (const id of CHECK_IDS.filter((c) => c.startsWith('face.'))) expect(r.scores[id]).toBeNull();
    expect(r.faces).toEqual([]);
    expect(r.head).toBeNull();
    expect(r.scores['image.entropy']).toBeGreaterThan(3);
    expect(decide(r.scores, {}, { groups: ['face'] }).reject).toBe(false);
  });

  it('a face under 12 px gets no feature scores (an eye would be a pixel or two)', async () => {
    const v = renderMannequin({
      pose: frontPose(),
      width: 96,
      height: 96,
      prompt: 'white shirt, short hair, studio',
      seed: 1,
      options: MannequinOptionsSchema.parse({}),
    });
    const r = await scorer.score(input(v));
    expect(r.head!.size).toBeLessThan(12);
    expect(r.scores['face.edges']).not.toBeNull();
    expect(r.scores['face.features']).toBeNull();
    expect(r.scores['face.eyeOffset']).toBeNull();
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

async function photo(name: string): Promise<ScoreInput & { rgb: Uint8Array }> {
  const { data, info } = await sharp(join(fixturesDir, 'faces', name))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), width: info.width, height: info.height, channels: 3, keypoints: [] };
}

describe('QualityScorer on the fixture photographs', () => {
  it('does not reject any real face, with the pose taken from the detector (eyes, nose, ears)', async () => {
    const session = await openBlazeFace('back');
    try {
      let faces = 0;
      for (const n of [1, 3, 7]) {
        const img = await photo(`Test${n}.jpg`);
        const view = { data: img.rgb, width: img.width, height: img.height, channels: 3 as const };
        for (const f of await detectFaces(session, view, { model: 'back' })) {
          const k = f.keypoints;
          const keypoints: [number, number, number][] = Array.from({ length: 17 }, () => [0, 0, 0]);
          // BlazeFace: right eye, left eye, nose, mouth, right ear, left ear (subject's sides).
          for (const [coco, det] of [
            [0, 2],
            [1, 1],
            [2, 0],
            [3, 5],
            [4, 4],
          ] as const)
            keypoints[coco] = [k[det]![0], k[det]![1], 2];
          const r = await scorer.score({ ...img, keypoints });
          expect(r.scores['face.features']!).toBeGreaterThan(100);
          expect(r.scores['face.edges']!).toBeGreaterThan(3);
          expect(decide(r.scores, {}, { groups: ['face'] })).toMatchObject({ reject: false, reasons: [] });
          faces += 1;
        }
      }
      expect(faces).toBe(11);
    } finally {
      await session.dispose();
    }
  });
});
