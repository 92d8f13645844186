import { describe, expect, it } from 'vitest';
import { MannequinOptionsSchema, PART, renderMannequin } from '../generate/mannequin';
import { frontPose } from '../generate/testPoses';
import { estimateHead, type PoseKeypoint } from './faceGeometry';
import {
  EYE_RIM,
  EYES_APART_MIN,
  eyesOnFace,
  featureContrast,
  featuresJudgeable,
  locateEye,
  measureEyes,
} from './faceFeatures';
import { sampleFacePatch, skinColour } from './facePatch';
import { canvas, CX, eye, faceKeypoints, LEFT_EYE, type Painter, RIGHT_EYE } from './faceTestImage';
import { measureFace } from './measure';

const keypoints = faceKeypoints();
const head = estimateHead(keypoints)!;

function measure(p: Painter, k: readonly PoseKeypoint[] = keypoints) {
  const patch = sampleFacePatch(p.img, head);
  const skin = skinColour(patch, head);
  return { patch, skin, contrast: featureContrast(patch, k), eyes: measureEyes(patch, skin, k) };
}

function withEyes(dx = 0, scale = 1): Painter {
  const p = canvas();
  eye(p, LEFT_EYE[0] + dx, LEFT_EYE[1], scale);
  eye(p, RIGHT_EYE[0], RIGHT_EYE[1]);
  return p;
}

describe('featureContrast', () => {
  it('is high where the pose puts visible eyes and they are drawn, near 0 on a blank face', () => {
    expect(head.size).toBeCloseTo(44, 6);
    expect(measure(withEyes()).contrast).toBeGreaterThan(100);
    expect(measure(canvas()).contrast).toBeLessThan(5);
  });

  it('does not count the edge of a hat running past the eyes as a feature', () => {
    const p = canvas();
    p.rect(0, 0, 120, 57, [30, 60, 160]); // a dark band whose edge passes just under the eye keypoints
    expect(measure(p).contrast).toBeLessThan(20);
    eye(p, LEFT_EYE[0], LEFT_EYE[1] + 3); // an eye just under the brim is still a feature
    expect(measure(p).contrast).toBeGreaterThan(60);
  });

  it("counts an eye right under a cap's brim, whose white runs into the brim at the wider blob level", () => {
    const v = renderMannequin({
      pose: frontPose(),
      width: 160,
      height: 160,
      prompt: 'cap, pale skin',
      seed: 8,
      options: MannequinOptionsSchema.parse({}),
    });
    const k = v.keypoints;
    // The brim (or the hair under it) starts two pixels above each eye keypoint.
    for (const i of [1, 2]) {
      const [x, y] = [Math.floor(k[i]![0]), Math.floor(k[i]![1])];
      expect([PART.hat, PART.hair]).toContain(v.parts![(y - 2) * 160 + x]);
    }
    const img = { data: v.rgba, width: 160, height: 160, channels: 4 as const };
    expect(measureFace(img, estimateHead(k)!, k).features!).toBeGreaterThan(80);
  });

  it('is null when the pose shows no eye', () => {
    const noEyes = keypoints.map((k, i) => (i === 1 || i === 2 ? ([k[0], k[1], 1] as const) : k));
    expect(measure(withEyes(), noEyes).contrast).toBeNull();
  });
});

describe('locateEye and measureEyes', () => {
  it('finds eyes on their keypoints: offset near 0, area of the white in head widths squared', () => {
    const { eyes } = measure(withEyes());
    expect(eyes.offset).not.toBeNull();
    expect(eyes.offset!).toBeLessThan(0.02);
    expect(eyes.size!).toBeGreaterThan(0.01);
    expect(eyes.size!).toBeLessThan(0.03);
  });

  it('measures an eye moved off its keypoint, and a much larger eye', () => {
    const moved = measure(withEyes(6)).eyes;
    expect(moved.offset!).toBeGreaterThan(6 / 44 - 0.02);
    expect(moved.offset!).toBeLessThan(6 / 44 + 0.02);
    const big = measure(withEyes(0, 1.35)).eyes;
    expect(big.size!).toBeGreaterThan(0.03);
  });

  it('finds nothing on a blank face or in a bright area larger than any eye', () => {
    expect(measure(canvas()).eyes).toEqual({ offset: null, size: null });
    const p = canvas();
    p.ellipse(LEFT_EYE[0], LEFT_EYE[1], 14, 12, [240, 240, 240]);
    const { patch, skin } = measure(p);
    expect(locateEye(patch, skin, keypoints[1]!)).toBeNull();
  });

  it("does not take the other eye for this one (a profile's far eye keypoint lies close to it)", () => {
    const p = canvas();
    eye(p, CX + 10, 56);
    const near: PoseKeypoint = [CX + 10, 56, 2];
    const far: PoseKeypoint = [CX + 16, 56, 2]; // 6 px away, on the cheek: no eye drawn there
    const { patch, skin } = measure(p);
    expect(locateEye(patch, skin, far)).not.toBeNull(); // alone, it would grab the near eye
    expect(locateEye(patch, skin, far, near)).toBeNull();
    expect(locateEye(patch, skin, near, far)!.offset).toBeLessThan(0.02);
  });
});

describe('eyes too close to tell apart', () => {
  it('measures no eye when the two visible eye keypoints lie closer than EYES_APART_MIN', () => {
    const close: PoseKeypoint[] = keypoints.map((k, i) =>
      i === 1 ? [CX + 3, 56, 2] : i === 2 ? [CX - 3, 56, 2] : k,
    );
    expect(6 / head.size).toBeLessThan(EYES_APART_MIN);
    const p = canvas();
    eye(p, CX + 3, 56);
    eye(p, CX - 3, 56); // their whites run together into one blob
    expect(measure(p, close).eyes).toEqual({ offset: null, size: null });
    expect(measure(withEyes()).eyes.offset).not.toBeNull(); // 16 px apart: measured
  });
});

describe('eye rim and eyes on the face', () => {
  it('says nothing about an eye found near the rim of its search (more likely a neighbour)', () => {
    expect(8.5 / head.size).toBeGreaterThan(EYE_RIM);
    const p = canvas();
    eye(p, LEFT_EYE[0] + 8.5, LEFT_EYE[1], 0.7); // a small eye 0.19 head widths off: found without the rim
    const { patch, skin } = measure(p);
    expect(locateEye(patch, skin, keypoints[1]!)).toBeNull();
    const q = canvas();
    eye(q, LEFT_EYE[0] + 6, LEFT_EYE[1]); // nearer: a moved eye, measured
    const near = measure(q);
    expect(locateEye(near.patch, near.skin, keypoints[1]!)!.offset).toBeLessThan(EYE_RIM);
  });

  it('keeps eyes on the skin and lowers an eye keypoint the picture puts off the face', () => {
    const { patch, skin } = measure(withEyes());
    const onFace = eyesOnFace(patch, skin, keypoints);
    expect(onFace[1]![2]).toBe(2);
    expect(onFace[2]![2]).toBe(2);
    // The left eye's keypoint on the grey background beside the head.
    const off = keypoints.map((k, i) => (i === 1 ? ([CX + 34, 40, 2] as const) : k));
    const moved = eyesOnFace(patch, skin, off);
    expect(moved[1]![2]).toBe(1);
    expect(moved[2]![2]).toBe(2);
    expect(moved[0]).toEqual(keypoints[0]); // the nose is left alone
  });
});

describe('featuresJudgeable', () => {
  it('needs a head of at least 12 px', () => {
    expect(featuresJudgeable({ ...head, size: 11.9 })).toBe(false);
    expect(featuresJudgeable({ ...head, size: 12 })).toBe(true);
  });
});
