import { describe, expect, it } from 'vitest';
import { backPose, frontPose } from '../generate/testPoses';
import type { Face } from './blazeface';
import {
  estimateHead,
  faceRegion,
  headRegion,
  headWidth,
  landmarkError,
  matchFace,
  type PoseKeypoint,
} from './faceGeometry';
import {
  assembleScores,
  detectorConfirmsFace,
  expectedHead,
  faceExpected,
  faceFrontal,
  type ImageMeasures,
} from './measure';

const IMAGE: ImageMeasures = { blur: 100, dark: 0.9, bright: 0.2, entropy: 6, phash: '0000000000000000' };
const FACE = { sharpness: 300, brightness: 0.5 };

/** A face whose keypoints sit exactly on the pose's eyes, nose and ears. */
function faceOn(k: readonly PoseKeypoint[], box: [number, number, number, number], score = 0.9): Face {
  const at = (i: number): [number, number] => [k[i]![0], k[i]![1]];
  return { box, score, keypoints: [at(2), at(1), at(0), [100, 66], at(4), at(3)], merged: 3 };
}

describe('estimateHead', () => {
  it('places the face between the eyes and nose and sizes the head from the largest segment', () => {
    const k = frontPose().keypoints;
    const head = estimateHead(k)!;
    expect(head.fx).toBeCloseTo(100, 6);
    expect(head.fy).toBeCloseTo((60 + 52 + 52) / 3, 6);
    expect(head.cx).toBeCloseTo(100, 6);
    // Eyes 16 px apart -> 2.6 x 16 = 41.6, the largest estimate here.
    expect(head.size).toBeCloseTo(41.6, 6);
    expect(head.faceVisible).toBe(true);
  });

  it('caps one bad label at 2.5 x the median estimate', () => {
    const k = frontPose().keypoints.map((p) => [...p] as [number, number, number]);
    k[1] = [400, 52, 2]; // a left eye 300 px away
    expect(headWidth(k)!).toBeLessThan(2.5 * 40);
  });

  it('a back view has a head (ears) but expects no face; no keypoints at all give no head', () => {
    const k = backPose().keypoints;
    expect(estimateHead(k)!.faceVisible).toBe(false);
    expect(faceExpected(k)).toBe(false);
    expect(expectedHead(k)).toBeNull();
    expect(estimateHead(k.map(() => [0, 0, 0] as const))).toBeNull();
  });

  it('moves the face crop towards the head centre and centres the detector crop on the head', () => {
    const head = { fx: 100, fy: 50, cx: 120, cy: 50, size: 40, faceVisible: true };
    expect(faceRegion(head, 0.5, 0.5)).toEqual({ x: 100, y: 40, w: 20, h: 20 });
    expect(headRegion(head, 2)).toEqual({ x: 80, y: 10, w: 80, h: 80 });
  });
});

describe('matchFace and landmarkError', () => {
  const k = frontPose().keypoints;
  const head = estimateHead(k)!;

  it('matches a plausible face near the pose face and ignores small or distant boxes', () => {
    const real = faceOn(k, [80, 35, 40, 40], 0.6);
    const tiny = faceOn(k, [95, 50, 8, 8], 0.95); // a face-like pattern in the hair
    const far = faceOn(k, [300, 35, 40, 40], 0.99);
    expect(matchFace([tiny, far, real], head)).toBe(real);
    expect(matchFace([tiny, far], head)).toBeNull();
  });

  it('is zero when the detector agrees, and scales with the offset over the box side', () => {
    expect(landmarkError(faceOn(k, [80, 35, 40, 40]), k)).toBeCloseTo(0, 6);
    const shifted = faceOn(k, [80, 35, 40, 40]);
    shifted.keypoints = shifted.keypoints.map(([x, y]) => [x + 4, y]);
    expect(landmarkError(shifted, k)).toBeCloseTo(0.1, 6);
    expect(landmarkError(shifted, k, false)).toBeCloseTo(0.1, 6);
  });

  it('only compares keypoints the pose shows (v = 2)', () => {
    const hidden = k.map((p, i) => (i <= 4 ? ([p[0], p[1], 1] as const) : p));
    expect(landmarkError(faceOn(k, [80, 35, 40, 40]), hidden)).toBeNull();
  });
});

describe('assembleScores', () => {
  const k = frontPose().keypoints;

  it('a frontal face with no detection scores confidence 0 and no landmark error', () => {
    const s = assembleScores(IMAGE, k, expectedHead(k), FACE, []);
    expect(s['face.confidence']).toBe(0);
    expect(s['face.landmarks']).toBeNull();
    expect(s['face.sharpness']).toBe(300);
    expect(s['face.size']).toBeCloseTo(41.6, 6);
  });

  it('a frontal face found scores its confidence and landmarks', () => {
    const s = assembleScores(IMAGE, k, expectedHead(k), FACE, [faceOn(k, [80, 35, 40, 40], 0.8)]);
    expect(s['face.confidence']).toBe(0.8);
    expect(s['face.landmarks']).toBeCloseTo(0, 6);
  });

  it('a profile (one eye hidden) keeps sharpness but skips the detector checks', () => {
    const profile = k.map((p, i) => (i === 2 ? ([p[0], p[1], 1] as const) : p));
    expect(faceFrontal(profile)).toBe(false);
    const s = assembleScores(IMAGE, profile, expectedHead(profile), FACE, []);
    expect(s['face.confidence']).toBeNull();
    expect(s['face.sharpness']).toBe(300);
  });

  it('the eye and mouth checks defer to a detector that is sure of the face and agrees with the pose', () => {
    const face = { ...FACE, features: 120, eyeOffset: 0.2, eyeSize: 0.01, mouth: 0.05, mouthOffset: 0.2 };
    const sure = assembleScores(IMAGE, k, expectedHead(k), face, [faceOn(k, [80, 35, 40, 40], 0.9)]);
    expect(detectorConfirmsFace(sure)).toBe(true);
    expect(sure['face.eyeOffset']).toBeNull();
    expect(sure['face.eyeSize']).toBeNull();
    expect(sure['face.mouth']).toBeNull();
    expect(sure['face.mouthOffset']).toBeNull();
    expect(sure['face.features']).toBe(120);
    const unsure = assembleScores(IMAGE, k, expectedHead(k), face, [faceOn(k, [80, 35, 40, 40], 0.6)]);
    expect(unsure['face.eyeOffset']).toBe(0.2);
    expect(unsure['face.eyeSize']).toBe(0.01);
    expect(unsure['face.mouth']).toBe(0.05);
    expect(unsure['face.mouthOffset']).toBe(0.2);
  });

  it('a back view gets null for every face check and the image checks as measured', () => {
    const back = backPose().keypoints;
    const s = assembleScores(IMAGE, back, expectedHead(back), null, []);
    for (const [id, v] of Object.entries(s)) {
      if (id.startsWith('face.')) expect(v).toBeNull();
    }
    expect(s['image.blur']).toBe(100);
    expect(s['image.duplicate']).toBeNull();
  });
});
