import { describe, expect, it } from 'vitest';
import { type TrainSample, groupKey, groupSamples, mergeNearDuplicateGroups, splitHeldOut } from './samples';

/** A pose's keypoints: a stick figure offset by `shift`, scaled by `scale`. */
function pose(shift: number, scale = 1, wiggle = 0): number[] {
  const flat: number[] = [];
  for (let j = 0; j < 17; j += 1)
    flat.push(100 + shift + scale * (j % 4) * 20 + wiggle * j, 50 + scale * j * 15, 2);
  return flat;
}

function sample(variantId: number, poseId: number, extra: Partial<TrainSample> = {}): TrainSample {
  return {
    variantId,
    poseId,
    prompt: `prompt ${poseId % 5}`,
    identity: `id${variantId % 7}`,
    attributes: {},
    keypoints: pose(0, 1, poseId),
    width: 256,
    height: 512,
    ...extra,
  };
}

/** 40 poses x 4 variants, identities id0..id6 spread over them. */
const SAMPLES = Array.from({ length: 160 }, (_, i) => sample(i + 1, Math.floor(i / 4) + 1));
const ALL = SAMPLES.map((_, i) => i);

describe('groupKey', () => {
  it('keys by pose, prompt or identity and has no key where the field is missing', () => {
    const s = sample(3, 12, { prompt: 'a red shirt', identity: null });
    expect(groupKey(s, 'pose')).toBe('12');
    expect(groupKey(s, 'prompt')).toBe('a red shirt');
    expect(groupKey(s, 'identity')).toBeNull();
    expect(groupKey({ ...s, prompt: '  ' }, 'prompt')).toBeNull();
  });
});

describe('groupSamples', () => {
  it('groups the given indices by key, sorted by key, dropping small groups and keyless samples', () => {
    const samples = [
      sample(1, 2),
      sample(2, 1),
      sample(3, 2),
      sample(4, 3),
      sample(5, 1),
      sample(6, 1, { identity: null }),
    ];
    expect(groupSamples(samples, [0, 1, 2, 3, 4], 'pose', 2)).toEqual([
      { key: '1', members: [1, 4] },
      { key: '2', members: [0, 2] },
    ]);
    // Only the indices given take part; order of the indices does not matter.
    expect(groupSamples(samples, [4, 2, 1], 'pose', 1)).toEqual([
      { key: '1', members: [1, 4] },
      { key: '2', members: [2] },
    ]);
    const byIdentity = groupSamples(samples, [0, 1, 2, 3, 4, 5], 'identity', 1);
    expect(byIdentity.flatMap((g) => g.members)).not.toContain(5);
  });

  it('throws on an index outside the samples', () => {
    expect(() => groupSamples(SAMPLES, [0, 999], 'pose', 1)).toThrow(/999/);
  });
});

describe('splitHeldOut', () => {
  it('is deterministic in (samples, fraction, seed) and varies with the seed', () => {
    const a = splitHeldOut(SAMPLES, 0.15, 7);
    expect(splitHeldOut(SAMPLES, 0.15, 7)).toEqual(a);
    const evalPoses = (s: { eval: number[] }) => [...new Set(s.eval.map((i) => SAMPLES[i]!.poseId))];
    expect(evalPoses(a)).toHaveLength(6); // round(0.15 * 40)
    const others = [1, 2, 3, 4].map((seed) => evalPoses(splitHeldOut(SAMPLES, 0.15, seed)).join());
    expect(new Set([...others, evalPoses(a).join()]).size).toBeGreaterThan(1);
  });

  it('does not depend on the order of the samples', () => {
    const reversed = [...SAMPLES].reverse();
    const poseSet = (samples: readonly TrainSample[], idx: number[]) =>
      idx.map((i) => samples[i]!.variantId).sort((x, y) => x - y);
    const a = splitHeldOut(SAMPLES, 0.2, 3);
    const b = splitHeldOut(reversed, 0.2, 3);
    expect(poseSet(reversed, b.eval)).toEqual(poseSet(SAMPLES, a.eval));
    expect(poseSet(reversed, b.train)).toEqual(poseSet(SAMPLES, a.train));
  });

  it('keeps eval poses and eval identities out of train', () => {
    // Identities private to each pose pair, so holding them out still leaves training data.
    const samples = SAMPLES.map((s) => ({ ...s, identity: `person${Math.floor(s.poseId / 2)}` }));
    const { train, eval: ev } = splitHeldOut(samples, 0.25, 11);
    expect(ev.length).toBeGreaterThan(0);
    expect(train.length).toBeGreaterThan(0);
    const evalPoses = new Set(ev.map((i) => samples[i]!.poseId));
    const evalIds = new Set(ev.map((i) => samples[i]!.identity));
    for (const i of train) {
      expect(evalPoses.has(samples[i]!.poseId)).toBe(false);
      expect(evalIds.has(samples[i]!.identity)).toBe(false);
    }
    // Every sample of a train pose whose identity is not held out is in train.
    const dropped = samples.filter((s, i) => !train.includes(i) && !ev.includes(i));
    for (const s of dropped) expect(evalIds.has(s.identity)).toBe(true);
  });

  it('holds out at least one pose when fraction > 0, none at 0, never all', () => {
    const two = [sample(1, 1), sample(2, 2)];
    expect(splitHeldOut(two, 0.01, 0).eval).toHaveLength(1);
    expect(splitHeldOut(two, 1, 0).eval).toHaveLength(1);
    expect(splitHeldOut(two, 1, 0).train).toHaveLength(1);
    expect(splitHeldOut(SAMPLES, 0, 0)).toEqual({ train: ALL, eval: [] });
    expect(splitHeldOut([sample(1, 1), sample(2, 1)], 0.5, 0).eval).toEqual([]);
    expect(() => splitHeldOut(SAMPLES, -0.1, 0)).toThrow(/fraction/);
  });
});

describe('mergeNearDuplicateGroups', () => {
  it('merges pose groups whose poses differ only in position and scale, keeps the others', () => {
    const samples = [
      sample(1, 1, { keypoints: pose(0) }),
      sample(2, 1, { keypoints: pose(0) }),
      sample(3, 2, { keypoints: pose(40, 1.5) }), // same shape, moved and scaled
      sample(4, 3, { keypoints: pose(0, 1, 9) }), // a different pose
    ];
    const groups = groupSamples(samples, [0, 1, 2, 3], 'pose', 1);
    expect(mergeNearDuplicateGroups(samples, groups)).toEqual([
      { key: '1', members: [0, 1, 2] },
      { key: '3', members: [3] },
    ]);
  });
});
