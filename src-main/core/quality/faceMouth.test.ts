import { describe, expect, it } from 'vitest';
import { estimateHead, type PoseKeypoint } from './faceGeometry';
import {
  expectedMouth,
  faceYaw,
  handAtMouth,
  headUp,
  locateMouth,
  MOUTH_BELOW_NOSE,
  MOUTH_MAX_YAW,
  measureMouth,
} from './faceMouth';
import { sampleFacePatch } from './facePatch';
import { canvas, CX, eye, faceKeypoints, LEFT_EYE, type Painter, RIGHT_EYE, SKIN } from './faceTestImage';
import { measureFace } from './measure';

const keypoints = faceKeypoints();
const head = estimateHead(keypoints)!;
/** The synthetic face has no body: up is image-up, and the mouth sits below the nose at (60, 64). */
const MOUTH_Y = 64 + MOUTH_BELOW_NOSE * head.size;
/** Lips: the skin's green/red ratio is 0.75, theirs 0.47. */
const LIPS = [170, 80, 80] as const;

function face(mouthDx = 0, mouthDy = 0, rx = 5): Painter {
  const p = canvas();
  eye(p, LEFT_EYE[0], LEFT_EYE[1]);
  eye(p, RIGHT_EYE[0], RIGHT_EYE[1]);
  if (rx > 0) p.ellipse(CX + mouthDx, MOUTH_Y + mouthDy, rx, 1.6, LIPS);
  return p;
}

const measure = (p: Painter, k: readonly PoseKeypoint[] = keypoints) =>
  measureMouth(sampleFacePatch(p.img, head), k, head);

const with_ = (changes: Record<number, PoseKeypoint>): PoseKeypoint[] =>
  keypoints.map((k, i) => changes[i] ?? k);

describe('headUp and faceYaw', () => {
  it('points image-up without a body, and along the neck blended with the torso with one', () => {
    expect(headUp(keypoints)).toEqual({ x: 0, y: -1 });
    // Shoulders level below the face, hips below them: straight up.
    const upright = with_({ 5: [80, 100, 2], 6: [40, 100, 2], 11: [72, 180, 2], 12: [48, 180, 2] });
    expect(headUp(upright).x).toBeCloseTo(0, 6);
    expect(headUp(upright).y).toBeCloseTo(-1, 6);
    // The torso lying to the right (hips left of the shoulders): the head's up points right.
    const lying = with_({
      0: [150, 60, 2],
      1: [146, 52, 2],
      2: [146, 68, 2],
      5: [110, 40, 2],
      6: [110, 80, 2],
      11: [30, 45, 2],
      12: [30, 75, 2],
    });
    expect(headUp(lying).x).toBeGreaterThan(0.99);
  });

  it('completes a missing shoulder from the hips, and leans off the shoulder line without hips', () => {
    const both = with_({ 5: [80, 100, 2], 6: [40, 100, 2], 11: [72, 180, 2], 12: [48, 180, 2] });
    const one = with_({ 5: [80, 100, 2], 6: [0, 0, 0], 11: [72, 180, 2], 12: [48, 180, 2] });
    // The mirrored shoulder lands at 80 - 1.4 x 24 = 46.4 instead of 40: about the same up.
    expect(Math.abs(headUp(one).x - headUp(both).x)).toBeLessThan(0.08);
    const tilted = with_({ 5: [80, 110, 2], 6: [40, 90, 2] }); // no hips, shoulder line tilted
    const up = headUp(tilted);
    expect(up.y).toBeLessThan(-0.8);
    expect(up.x).toBeGreaterThan(0.1); // perpendicular to the tilted line leans towards +x
  });

  it('reads a frontal face as 0 and a nose far to one side of the ears as a profile', () => {
    expect(faceYaw(keypoints, head, { x: 0, y: -1 })).toBeCloseTo(0, 6);
    const turned = with_({ 0: [CX + 0.45 * head.size, 64, 2] });
    expect(faceYaw(turned, head, { x: 0, y: -1 })).toBeCloseTo(1, 6);
    expect(faceYaw(with_({ 0: [0, 0, 0] }), head, { x: 0, y: -1 })).toBeNull();
  });
});

describe('locateMouth and measureMouth', () => {
  it('finds the lips where the pose puts the mouth: high contrast, offset near 0', () => {
    const m = measure(face());
    expect(m.at!.y).toBeCloseTo(MOUTH_Y, 6);
    expect(m.contrast!).toBeGreaterThan(0.25);
    expect(m.offset!).toBeLessThan(0.02);
  });

  it('gives contrast 0 and no offset to a face drawn without a mouth', () => {
    expect(measure(face(0, 0, 0))).toMatchObject({ contrast: 0, offset: null });
  });

  it('measures a mouth moved off its place in head widths', () => {
    const m = measure(face(5, 2));
    expect(m.offset!).toBeGreaterThan(Math.hypot(5, 2) / head.size - 0.02);
    expect(m.offset!).toBeLessThan(Math.hypot(5, 2) / head.size + 0.02);
    // Moved so far that it touches the rim of the search: not a mouth here, so contrast 0.
    expect(measure(face(9, 4)).contrast).toBe(0);
  });

  it('does not take a red shirt running through the search disc, or any skin tone, for lips', () => {
    const p = face(0, 0, 0);
    p.rect(0, 80, 120, 120, [196, 38, 42]); // far redder than lips, and larger than any mouth
    expect(measure(p).contrast).toBe(0);
    const q = face();
    q.rect(0, 80, 120, 120, [150, 60, 60]); // lip-red, but runs on out of the disc
    expect(measure(q).offset!).toBeLessThan(0.02);
    // A darker skin tone: its own ratio is the reference, not a fixed colour.
    const dark = canvas();
    dark.ellipse(CX, 60, 24, 28, [92, 58, 38]);
    dark.ellipse(CX, MOUTH_Y, 5, 1.6, [96, 36, 35]);
    expect(measure(dark).contrast!).toBeGreaterThan(0.2);
    expect(SKIN[1] / SKIN[0]).toBeCloseTo(0.75, 6);
  });

  it('judges no offset from a sliver of mouth', () => {
    const m = measure(face(0, 0, 1));
    expect(m.contrast!).toBeGreaterThan(0.2);
    expect(m.offset).toBeNull();
  });

  it('is null without a visible nose, on a profile, and with a hand at the mouth', () => {
    const none = { at: null, contrast: null, offset: null };
    expect(measure(face(), with_({ 0: [CX, 64, 1] }))).toEqual(none);
    const profile = with_({ 0: [CX + (MOUTH_MAX_YAW + 0.05) * 0.45 * head.size, 64, 2] });
    expect(measure(face(), profile)).toEqual(none);
    const hand = with_({ 8: [100, 110, 2], 10: [64, 78, 2] });
    expect(handAtMouth(hand, expectedMouth(hand, head, headUp(hand))!, head)).toBe(true);
    expect(measure(face(), hand)).toEqual(none);
    const away = with_({ 8: [100, 110, 2], 10: [100, 60, 2] });
    expect(measure(face(), away).contrast!).toBeGreaterThan(0.25);
  });

  it('locateMouth alone returns null on bare skin', () => {
    const p = canvas();
    expect(locateMouth(sampleFacePatch(p.img, head), { x: CX, y: MOUTH_Y }, { x: CX, y: 64 })).toBeNull();
  });
});

describe('face edges with a mouth', () => {
  it('take the sharper of the head middle and the mouth, so a smooth face with crisp lips is sharp', () => {
    const smooth = canvas(); // no eyes: nothing crisp in the middle of the head
    const withMouth = canvas();
    withMouth.ellipse(CX, MOUTH_Y, 5, 1.6, LIPS);
    const bare = measureFace(smooth.img, head, keypoints);
    const lips = measureFace(withMouth.img, head, keypoints);
    expect(lips.edges!).toBeGreaterThan(bare.edges!);
    expect(lips.edges!).toBeGreaterThan(2.1);
    expect(lips.mouth!).toBeGreaterThan(0.25);
    expect(bare.mouth).toBe(0);
  });
});
