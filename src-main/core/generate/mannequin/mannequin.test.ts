import { describe, expect, it } from 'vitest';
import { generatorRegistry, listGenerators } from '../generators';
import { frontPose, backPose, handOverFacePose } from '../testPoses';
import type { GeneratedVariant, GeneratorPose } from '../types';
import { buildBody } from './body';
import { headFrame } from './headFrame';
import { MannequinOptionsSchema, mannequinGenerator, PART, renderMannequin } from './index';

function render(
  pose: GeneratorPose,
  prompt: string,
  seed: number,
  extra: Record<string, unknown> = {},
): GeneratedVariant {
  return renderMannequin({
    pose,
    width: 128,
    height: 128,
    prompt,
    seed,
    options: MannequinOptionsSchema.parse(extra),
  });
}

const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

function count(parts: Uint8Array, labels: number[]): number {
  let n = 0;
  for (const p of parts) if (labels.includes(p)) n += 1;
  return n;
}

describe('mannequin generator', () => {
  it('is registered', () => {
    expect(generatorRegistry.get('mannequin')).toBe(mannequinGenerator);
    expect(listGenerators().map((g) => g.id)).toContain('mannequin');
    expect(MannequinOptionsSchema.parse({})).toMatchObject({
      faceDefect: 'none',
      background: 'auto',
      antialias: true,
    });
    expect(() => MannequinOptionsSchema.parse({ nope: 1 })).toThrow();
  });

  it('gives bit-identical output for the same pose, prompt and seed', () => {
    const a = render(frontPose(), 'red striped shirt, blue jeans', 11);
    const b = render(frontPose(), 'red striped shirt, blue jeans', 11);
    expect(same(a.rgba, b.rgba)).toBe(true);
    expect(same(a.depth!, b.depth!)).toBe(true);
    expect(same(a.parts!, b.parts!)).toBe(true);
    expect(a.keypoints).toEqual(b.keypoints);
    expect(a.attributes).toEqual(b.attributes);
    expect(JSON.stringify(a.params)).toBe(JSON.stringify(b.params));
  });

  it('makes different people in different places from different seeds', () => {
    const variants = [1, 2, 3, 4, 5].map((seed) => render(frontPose(), '', seed));
    expect(new Set(variants.map((v) => v.attributes.identity)).size).toBe(5);
    for (let i = 1; i < variants.length; i += 1)
      expect(same(variants[0]!.rgba, variants[i]!.rgba)).toBe(false);
  });

  it('emits every modality with consistent sizes; depth is 0 exactly on background', () => {
    const v = render(frontPose(), '', 3);
    expect(v.rgba.length).toBe(128 * 128 * 4);
    expect(v.depth!.length).toBe(128 * 128);
    expect(v.parts!.length).toBe(128 * 128);
    for (let i = 0; i < v.parts!.length; i += 1) expect(v.parts![i] === 0).toBe(v.depth![i] === 0);
    for (let i = 3; i < v.rgba.length; i += 4) expect(v.rgba[i]).toBe(255);
    for (const label of [PART.head, PART.torso, PART.upper_arm_left, PART.lower_leg_right, PART.foot_left]) {
      expect(count(v.parts!, [label])).toBeGreaterThan(0);
    }
  });

  it('reads the prompt into the attribute record', () => {
    const v = render(
      frontPose(),
      'red striped shirt, blue trousers, hat, blonde hair, dark skin, bag, outdoor',
      9,
    );
    expect(v.attributes).toMatchObject({
      top: { kind: 'shirt', color: 'red', pattern: 'stripes' },
      bottom: { kind: 'trousers', color: 'blue' },
      hair: { color: 'blonde' },
      skin: 'dark',
      background: 'scene',
      setting: 'outdoor',
    });
    expect(v.attributes.hat).not.toBeNull();
    expect(v.attributes.bag).not.toBeNull();
    expect(count(v.parts!, [PART.hat])).toBeGreaterThan(0);
    expect(count(v.parts!, [PART.bag])).toBeGreaterThan(0);
  });

  it('changes only what the prompt names (the seed fills the rest the same way)', () => {
    const a = render(frontPose(), 'red shirt', 21);
    const b = render(frontPose(), 'blue shirt', 21);
    const { top: topA, identity: _a, ...restA } = a.attributes;
    const { top: topB, identity: _b, ...restB } = b.attributes;
    expect(restA).toEqual(restB);
    expect(topA).not.toEqual(topB);
  });

  it('fits the pose into the output and keeps unlabeled keypoints unlabeled', () => {
    const pose = frontPose();
    pose.keypoints[16] = [0, 0, 0];
    const v = render(pose, '', 1);
    // 200 x 400 into 128 x 128: scale 0.32, offset x 32. The nose (100, 60) -> (64, 19.2).
    expect(v.keypoints[0]![0]).toBeCloseTo(64);
    expect(v.keypoints[0]![1]).toBeCloseTo(19.2);
    expect(v.keypoints[16]).toEqual([0, 0, 0]);
    expect(v.params.fit).toEqual({ scale: 0.32, offsetX: 32, offsetY: 0 });
  });

  it('marks a joint covered by a nearer part as occluded (v=1)', () => {
    const v = render(handOverFacePose(), 'bald', 4, { background: 'plain' });
    // The right hand in front of the face hides the nose.
    expect(v.keypoints[0]![2]).toBe(1);
    const hand = v.parts![Math.floor(v.keypoints[0]![1]) * 128 + Math.floor(v.keypoints[0]![0])];
    expect([PART.hand_right, PART.lower_arm_right]).toContain(hand);
    // Joints on their own surfaces stay visible.
    expect(v.keypoints[11]![2]).toBe(2);
    expect(v.keypoints[15]![2]).toBe(2);
  });

  it('keeps face keypoints labelled occluded at v=1: their features are not drawn', () => {
    const pose = frontPose();
    for (const i of [0, 1, 2]) pose.keypoints[i] = [pose.keypoints[i]![0], pose.keypoints[i]![1], 1];
    pose.keypoints[11] = [pose.keypoints[11]![0], pose.keypoints[11]![1], 1];
    const v = render(pose, 'bald', 2, { background: 'plain' });
    expect(count(v.parts!, [PART.face])).toBe(0);
    // Head skin shows at the nose and eyes, but no feature was drawn there: still occluded.
    for (const i of [0, 1, 2]) {
      const k = v.keypoints[i]!;
      expect(v.parts![Math.floor(k[1]) * 128 + Math.floor(k[0])]).toBe(PART.head);
      expect(k[2]).toBe(1);
    }
    // A body joint labelled occluded whose own part is drawn over it becomes visible, as before.
    expect(v.keypoints[11]![2]).toBe(2);
  });

  it('puts the head around the labelled face: eyes far from the one labelled ear are still drawn', () => {
    // A three-quarter view whose eyes and nose lie further from the only labelled ear than the
    // body's proportions make the head wide: the head moves (and grows) so the face is on it.
    const pose = frontPose();
    pose.keypoints[0] = [70, 60, 2];
    pose.keypoints[1] = [80, 52, 2];
    pose.keypoints[2] = [62, 52, 2];
    pose.keypoints[4] = [0, 0, 0];
    const head = headFrame(buildBody(pose.keypoints, 100))!;
    const front = headFrame(buildBody(frontPose().keypoints, 100))!;
    const unit = buildBody(frontPose().keypoints, 100).unit;
    expect(front.hw).toBeCloseTo(0.19 * unit, 9); // a head that holds its face is left as it was
    for (const i of [0, 1, 2]) {
      const [x, y] = pose.keypoints[i]!;
      const a = ((x - head.cx) * head.across.x + (y - head.cy) * head.across.y) / head.hw;
      const b = ((x - head.cx) * head.up.x + (y - head.cy) * head.up.y) / head.hh;
      expect(Math.hypot(a, b)).toBeLessThanOrEqual(i === 0 ? 1 + 1e-9 : 0.85 + 1e-9);
    }
    const v = render(pose, 'bald', 3, { background: 'plain' });
    for (const i of [1, 2]) {
      const k = v.keypoints[i]!;
      expect(k[2]).toBe(2);
      const x = Math.floor(k[0]);
      const y = Math.floor(k[1]);
      const near: number[] = [];
      for (let dy = -1; dy <= 1; dy += 1)
        for (let dx = -1; dx <= 1; dx += 1) near.push(v.parts![(y + dy) * 128 + x + dx]!);
      expect(near).toContain(PART.face);
      expect(near).not.toContain(0);
    }
  });

  it('applies the face defect and names it (ground truth); none when the face is not seen', () => {
    expect(render(frontPose(), '', 2).faceDefect).toBeNull();
    expect(render(frontPose(), '', 2, { faceDefect: 'blur' }).faceDefect).toBe('blur');
    expect(
      render(frontPose(), '', 2, { faceDefect: 'blur', faceDefectProbability: 0 }).faceDefect,
    ).toBeNull();
    expect(['blur', 'smear', 'distort', 'missing']).toContain(
      render(frontPose(), '', 2, { faceDefect: 'random' }).faceDefect,
    );
    const normal = render(frontPose(), 'bald', 2, { background: 'plain' });
    const missing = render(frontPose(), 'bald', 2, { background: 'plain', faceDefect: 'missing' });
    expect(count(normal.parts!, [PART.face])).toBeGreaterThan(0);
    expect(count(missing.parts!, [PART.face])).toBe(0);
    const blurred = render(frontPose(), 'bald', 2, { background: 'plain', faceDefect: 'blur' });
    expect(same(blurred.rgba, normal.rgba)).toBe(false);
    expect(same(blurred.parts!, normal.parts!)).toBe(true);
    expect(render(backPose(), '', 2, { faceDefect: 'blur' }).faceDefect).toBeNull();
  });

  it('generate() honours count, seeds, prompts, progress and abort', async () => {
    const fractions: number[] = [];
    const params = {
      width: 64,
      height: 64,
      prompt: 'red shirt',
      prompts: ['red shirt', 'green shirt'],
      seed: 5,
      count: 3,
      options: {},
    };
    const out = await mannequinGenerator.generate(frontPose(), params, new AbortController().signal, (f) =>
      fractions.push(f),
    );
    expect(out.map((v) => v.seed)).toEqual([5, 6, 7]);
    expect(out.map((v) => v.prompt)).toEqual(['red shirt', 'green shirt', 'red shirt']);
    expect(fractions.at(-1)).toBe(1);
    const seeded = await mannequinGenerator.generate(
      frontPose(),
      { ...params, seeds: [9, 9, 9] },
      new AbortController().signal,
    );
    expect(same(seeded[0]!.rgba, seeded[1]!.rgba)).toBe(false); // same seed, prompts differ
    expect(same(seeded[0]!.rgba, seeded[2]!.rgba)).toBe(true); // same seed and prompt
    const aborted = new AbortController();
    aborted.abort();
    await expect(mannequinGenerator.generate(frontPose(), params, aborted.signal)).rejects.toThrow();
  });
});

describe('body model', () => {
  it('sees a frontal pose as facing the viewer and its mirror from behind', () => {
    expect(buildBody(frontPose().keypoints, 100).front).toBeGreaterThan(0.8);
    expect(buildBody(backPose().keypoints, 100).front).toBeLessThan(-0.8);
  });

  it('estimates the unit from the labelled segments and pushes occluded joints behind', () => {
    const body = buildBody(frontPose().keypoints, 100);
    expect(body.unit).toBeGreaterThan(100);
    expect(body.unit).toBeLessThan(150);
    const pose = frontPose();
    pose.keypoints[9] = [pose.keypoints[9]![0], pose.keypoints[9]![1], 1];
    const occluded = buildBody(pose.keypoints, 100);
    expect(occluded.joints[9]!.z).toBeLessThan(body.joints[9]!.z);
  });
});
