/**
 * The bundled pose presets are plausible people (17 labeled points inside the canvas, left and
 * right limbs of similar length, limbs in proportion to the torso, occlusion flags where the tags
 * say so), and augmentations are seeded, keep visibility flags and stay plausible.
 */
import { describe, expect, it } from 'vitest';
import presetFile from '../../../resources/poses/presets.json';
import { mirrorPose } from './geometry';
import { augmentPose, loadPresets, parsePresets, presetSamples, type PosePreset } from './presets';
import type { Keypoint } from './types';

const presets = loadPresets();
const dist = (a: Keypoint, b: Keypoint): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const mid = (a: Keypoint, b: Keypoint): Keypoint => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 2];
const at = (pose: { keypoints: readonly Keypoint[] }, i: number): Keypoint => pose.keypoints[i]!;

/** Upper arm, forearm, thigh, shin: [left joints, right joints]. */
const LIMB_PAIRS = [
  [
    [5, 7],
    [6, 8],
  ],
  [
    [7, 9],
    [8, 10],
  ],
  [
    [11, 13],
    [12, 14],
  ],
  [
    [13, 15],
    [14, 16],
  ],
] as const;

function torso(pose: { keypoints: readonly Keypoint[] }): number {
  return dist(mid(at(pose, 5), at(pose, 6)), mid(at(pose, 11), at(pose, 12)));
}

function limbRatios(pose: { keypoints: readonly Keypoint[] }): number[] {
  const t = torso(pose);
  return LIMB_PAIRS.flatMap(([l, r]) => [
    dist(at(pose, l[0]), at(pose, l[1])) / t,
    dist(at(pose, r[0]), at(pose, r[1])) / t,
  ]);
}

describe('pose presets', () => {
  it('has about two dozen presets with unique, tag-friendly names', () => {
    expect(presets.length).toBeGreaterThanOrEqual(20);
    expect(new Set(presets.map((p) => p.name)).size).toBe(presets.length);
    // Names are tags too (init --sample): a tag naming one preset must select that preset only.
    const names = new Set(presets.map((p) => p.name));
    for (const p of presets)
      for (const tag of p.tags) if (tag !== p.name) expect(names.has(tag), tag).toBe(false);
    for (const name of [
      'standing-front',
      'walking-side',
      'sitting-chair',
      'lying',
      't-pose',
      'standing-back',
      'kicking',
      'side-kick',
      'crawling',
    ])
      expect(presets.map((p) => p.name)).toContain(name);
  });

  it.each(presets.map((p) => [p.name, p] as const))('%s: 17 labeled points inside the canvas', (_, p) => {
    expect(p.keypoints).toHaveLength(17);
    for (const [x, y, v] of p.keypoints) {
      expect(v).toBeGreaterThan(0);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(p.width);
      expect(y).toBeLessThanOrEqual(p.height);
    }
  });

  it.each(presets.map((p) => [p.name, p] as const))('%s: plausible human proportions', (_, p) => {
    const t = torso(p);
    // A standing adult torso is roughly a quarter of the canvas here; nobody is a stick of 10 px.
    expect(t).toBeGreaterThan(60);
    for (const [l, r] of LIMB_PAIRS) {
      const left = dist(at(p, l[0]), at(p, l[1]));
      const right = dist(at(p, r[0]), at(p, r[1]));
      // Foreshortening differs a little between sides (a leg stepping toward the viewer).
      expect(Math.max(left, right) / Math.min(left, right)).toBeLessThan(1.35);
    }
    for (const ratio of limbRatios(p)) {
      expect(ratio).toBeGreaterThan(0.15);
      expect(ratio).toBeLessThan(0.95);
    }
    expect(dist(at(p, 5), at(p, 6)) / t).toBeLessThan(0.9);
    // The face sits together: eyes and ears near the nose.
    for (const i of [1, 2, 3, 4]) expect(dist(at(p, 0), at(p, i)) / t).toBeLessThan(0.4);
  });

  it('flags occluded joints exactly where the tags say so', () => {
    for (const p of presets) {
      const occluded = p.keypoints.filter(([, , v]) => v === 1).length;
      expect(occluded > 0, p.name).toBe(p.tags.includes('occluded'));
    }
    const back = presets.find((p) => p.name === 'standing-back')!;
    expect([0, 1, 2].map((i) => at(back, i)[2])).toEqual([1, 1, 1]);
    expect([3, 4].map((i) => at(back, i)[2])).toEqual([2, 2]);
  });

  it('kicks and crawls look like what they are named', () => {
    const named = (name: string) => presets.find((p) => p.name === name)!;
    const ground = (p: PosePreset) => Math.max(...p.keypoints.map(([, y]) => y));
    // Front kick in profile to the right: standing on the left foot, the right foot out in front
    // at about hip height, the torso leaning back a little.
    const kick = named('kicking');
    expect(at(kick, 15)[1]).toBe(ground(kick));
    expect(at(kick, 16)[0] - at(kick, 12)[0]).toBeGreaterThan(150);
    expect(Math.abs(at(kick, 16)[1] - at(kick, 12)[1])).toBeLessThan(0.3 * torso(kick));
    expect(at(kick, 6)[0]).toBeLessThan(at(kick, 12)[0]);
    // Side kick facing the viewer: the right leg out to the image's left near horizontal, the
    // shoulders leaning the other way over the standing left foot.
    const side = named('side-kick');
    expect(at(side, 15)[1]).toBe(ground(side));
    expect(at(side, 12)[0] - at(side, 16)[0]).toBeGreaterThan(150);
    expect(at(side, 16)[1]).toBeLessThan(at(side, 12)[1]);
    expect(mid(at(side, 5), at(side, 6))[0]).toBeGreaterThan(mid(at(side, 11), at(side, 12))[0]);
    // Crawling: hands and knees on one floor line, hips and shoulders above it, back near level.
    const crawl = named('crawling');
    for (const joint of [9, 10, 13, 14]) expect(at(crawl, joint)[1]).toBeCloseTo(ground(crawl), 5);
    const [shoulder, hip] = [mid(at(crawl, 5), at(crawl, 6)), mid(at(crawl, 11), at(crawl, 12))];
    expect(ground(crawl) - hip[1]).toBeGreaterThan(80);
    expect(Math.abs(shoulder[0] - hip[0])).toBeGreaterThan(2 * Math.abs(shoulder[1] - hip[1]));
  });

  it('refuses a broken presets document with the preset named', () => {
    const file = { ...presetFile };
    const first: PosePreset = presets[0]!;
    expect(() => parsePresets({ ...file, presets: [first, first] })).toThrow(
      /"standing-front" appears twice/,
    );
    const outside = { ...first, keypoints: first.keypoints.map(([x, y, v]): Keypoint => [x + 600, y, v]) };
    expect(() => parsePresets({ ...file, presets: [outside] })).toThrow(
      /"standing-front" keypoint 0 lies outside/,
    );
    expect(() =>
      parsePresets({ ...file, presets: [{ ...first, keypoints: first.keypoints.slice(1) }] }),
    ).toThrow(/keypoints/);
    expect(() => parsePresets({ ...file, presets: [{ ...first, name: 'Bad Name' }] })).toThrow(/name/);
  });
});

describe('augmentPose', () => {
  const standing = presets.find((p) => p.name === 'standing-front')!;
  const walking = presets.find((p) => p.name === 'walking-side')!;

  it('is deterministic by seed and varies across seeds', () => {
    expect(augmentPose(walking, 42)).toEqual(augmentPose(walking, 42));
    expect(augmentPose(walking, 42).keypoints).not.toEqual(augmentPose(walking, 43).keypoints);
    expect(augmentPose(walking, 42).name).toBe('walking-side');
  });

  it('keeps visibility flags (swapped with their joints when mirrored) and stays in the canvas', () => {
    const flags = walking.keypoints.map(([, , v]) => v);
    const mirroredFlags = mirrorPose(walking.keypoints, walking.width).map(([, , v]) => v);
    for (let seed = 1; seed <= 200; seed += 1) {
      const out = augmentPose(walking, seed);
      const outFlags = out.keypoints.map(([, , v]) => v);
      expect([flags, mirroredFlags]).toContainEqual(outFlags);
      for (const [x, y] of out.keypoints) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(walking.width);
        expect(y).toBeLessThanOrEqual(walking.height);
      }
    }
  });

  it('mirrors with a left/right swap: the arm pointing to the left becomes a left arm pointing right', () => {
    const pointing = presets.find((p) => p.name === 'pointing')!;
    expect(at(pointing, 10)[0]).toBeLessThan(at(pointing, 6)[0] - 100);
    const out = augmentPose(pointing, 7, { mirror: 1, maxRotation: 0, scale: [1, 1], jitter: 0 });
    // A front view stays a front view: the left shoulder is still on the image's right.
    expect(at(out, 5)[0]).toBeGreaterThan(at(out, 6)[0]);
    expect(at(out, 9)[0]).toBeGreaterThan(at(out, 5)[0] + 100);
    // Same shape as mirrorPose up to a shift: joint-to-joint offsets agree.
    const reference = mirrorPose(pointing.keypoints, pointing.width);
    const shift = [at(out, 0)[0] - reference[0]![0], at(out, 0)[1] - reference[0]![1]];
    out.keypoints.forEach(([x, y], i) => {
      expect(x - reference[i]![0]).toBeCloseTo(shift[0]!, 1);
      expect(y - reference[i]![1]).toBeCloseTo(shift[1]!, 1);
    });
  });

  it('keeps proportions: limbs relative to the torso change by a few percent at most', () => {
    for (const preset of presets) {
      // Unmirrored, so each limb is compared with itself (a mirror swaps left and right limbs).
      const before = limbRatios(preset);
      for (const seed of [3, 11, 29, 47]) {
        const after = limbRatios(augmentPose(preset, seed, { mirror: 0 }));
        after.forEach((ratio, i) => expect(Math.abs(ratio - before[i]!)).toBeLessThan(0.15));
      }
    }
  });

  it('rotates about the hip centre within the bound', () => {
    const out = augmentPose(standing, 5, { mirror: 0, maxRotation: 10, jitter: 0 });
    const spine = (p: { keypoints: readonly Keypoint[] }): number => {
      const s = mid(at(p, 5), at(p, 6));
      const h = mid(at(p, 11), at(p, 12));
      return (Math.atan2(s[0] - h[0], h[1] - s[1]) * 180) / Math.PI;
    };
    expect(Math.abs(spine(out) - spine(standing))).toBeLessThanOrEqual(10.01);
  });

  it('leaves unlabeled joints unlabeled', () => {
    const partial = {
      ...standing,
      keypoints: standing.keypoints.map((k, i): Keypoint => (i < 5 ? [0, 0, 0] : k)),
    };
    const out = augmentPose(partial, 9);
    for (let i = 0; i < 5; i += 1) expect(at(out, i)).toEqual([0, 0, 0]);
    for (let i = 5; i < 17; i += 1) expect(at(out, i)[2]).toBe(2);
  });
});

describe('presetSamples', () => {
  it('gives each preset as authored, then its augmentations, the same every time', () => {
    const samples = presetSamples(5);
    expect(samples).toHaveLength(presets.length * 5);
    expect(samples[0]).toMatchObject({ index: 0, keypoints: presets[0]!.keypoints });
    expect(samples[1]!.preset.name).toBe(presets[0]!.name);
    expect(samples[1]!.keypoints).not.toEqual(presets[0]!.keypoints);
    expect(presetSamples(5)).toEqual(samples);
    expect(presetSamples(5, 2)[1]!.keypoints).not.toEqual(samples[1]!.keypoints);
  });
});
