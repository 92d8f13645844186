/**
 * @file Where the pose says the face is, platform-free: from COCO-17 keypoints (nose, eyes,
 * ears, shoulders, hips) estimate the face centre and the head width in pixels, whether a face
 * should be seen at all (a visible nose or eye; a back view or a face hidden behind a hat or a
 * hand expects none), the square regions the detector and the face checks look at, which
 * detection is this person's face, and how far the detector's eyes, nose and ears are from the
 * pose's own keypoints (normalised by the face size).
 *
 * Head width is the largest of the estimates from every labelled segment (eyes, ears,
 * shoulders, hips, limbs, torso sides) times its head-to-segment ratio, because foreshortening
 * only ever shortens a segment; capped at 2.5 x the median estimate against a bad label. The
 * face centre is the mean of the labelled nose and eyes (the ears when neither is labelled); the
 * head centre lies halfway between it and the ears' midpoint.
 */
import type { Face } from './blazeface';
import type { Region } from './resample';

/** [x, y, v] with COCO visibility: 0 unlabeled, 1 labelled but occluded, 2 visible. */
export type PoseKeypoint = readonly [number, number, number];

export const COCO = {
  nose: 0,
  leftEye: 1,
  rightEye: 2,
  leftEar: 3,
  rightEar: 4,
  leftShoulder: 5,
  rightShoulder: 6,
  leftHip: 11,
  rightHip: 12,
} as const;

export type HeadEstimate = {
  /** Face centre in pixels: the mean of the labelled nose and eyes (ears when neither is). */
  fx: number;
  fy: number;
  /** Head centre in pixels: between the face and the ears' midpoint (the face centre without ears). */
  cx: number;
  cy: number;
  /** Estimated head width in pixels. */
  size: number;
  /** The pose shows the face (nose or an eye visible, v = 2): a face is expected. */
  faceVisible: boolean;
};

type Pt = { x: number; y: number };

const labelled = (k: PoseKeypoint | undefined): k is PoseKeypoint => k !== undefined && k[2] > 0;
const mean = (ks: readonly PoseKeypoint[]): Pt => ({
  x: ks.reduce((s, k) => s + k[0], 0) / ks.length,
  y: ks.reduce((s, k) => s + k[1], 0) / ks.length,
});

/**
 * Head width over the length of a segment (COCO joint pairs), from adult proportions: the head
 * is about 15 cm wide, the eyes 6 cm apart, the ears 14 cm, the shoulders 38 cm, the hips 26 cm,
 * an upper arm 30, a forearm 25, a thigh 43, a shin 41, a shoulder-to-hip side 50.
 */
const HEAD_PER_SEGMENT: readonly (readonly [number, number, number])[] = [
  [COCO.leftEye, COCO.rightEye, 2.6],
  [COCO.leftEar, COCO.rightEar, 1.1],
  [COCO.leftShoulder, COCO.rightShoulder, 0.45],
  [COCO.leftHip, COCO.rightHip, 0.7],
  [5, 7, 0.55],
  [6, 8, 0.55],
  [7, 9, 0.65],
  [8, 10, 0.65],
  [11, 13, 0.4],
  [12, 14, 0.4],
  [13, 15, 0.42],
  [14, 16, 0.42],
  [5, 11, 0.33],
  [6, 12, 0.33],
];

/**
 * The largest estimate (foreshortening only shortens a segment), capped at 2.5 x the median so
 * one bad label cannot blow it up; null when no segment is labelled at both ends.
 */
export function headWidth(k: readonly PoseKeypoint[]): number | null {
  const est: number[] = [];
  for (const [a, b, ratio] of HEAD_PER_SEGMENT) {
    const ka = k[a];
    const kb = k[b];
    if (labelled(ka) && labelled(kb)) est.push(ratio * Math.hypot(ka[0] - kb[0], ka[1] - kb[1]));
  }
  if (est.length === 0) return null;
  est.sort((x, y) => x - y);
  const median = est[Math.floor(est.length / 2)]!;
  const best = Math.min(est[est.length - 1]!, median * 2.5);
  return best > 0 ? best : null;
}

/** The pose's head, or null when the pose has no face keypoint or nothing to size it by. */
export function estimateHead(keypoints: readonly PoseKeypoint[]): HeadEstimate | null {
  const front = [COCO.nose, COCO.leftEye, COCO.rightEye].map((i) => keypoints[i]).filter(labelled);
  const ears = [COCO.leftEar, COCO.rightEar].map((i) => keypoints[i]).filter(labelled);
  if (front.length === 0 && ears.length === 0) return null;
  const size = headWidth(keypoints);
  if (size === null) return null;
  const face = mean(front.length > 0 ? front : ears);
  // The skull's centre lies between the ears; in a profile the face is at its edge.
  const ear = ears.length > 0 ? mean(ears) : face;
  const centre = { x: (face.x + ear.x) / 2, y: (face.y + ear.y) / 2 };
  return {
    fx: face.x,
    fy: face.y,
    cx: centre.x,
    cy: centre.y,
    size,
    faceVisible: front.some((k) => k[2] === 2),
  };
}

/** A square of side `factor` x head width centred on the head (what the detector looks at). */
export function headRegion(head: HeadEstimate, factor: number): Region {
  const side = head.size * factor;
  return { x: head.cx - side / 2, y: head.cy - side / 2, w: side, h: side };
}

/**
 * A square of side `factor` x head width on the face, moved `inward` of the way from the face
 * centre towards the head centre, so a profile's crop stays on the face rather than the
 * background beside it (what sharpness and exposure are measured on).
 */
export function faceRegion(head: HeadEstimate, factor: number, inward = 0.4): Region {
  const side = head.size * factor;
  const x = head.fx + (head.cx - head.fx) * inward;
  const y = head.fy + (head.cy - head.fy) * inward;
  return { x: x - side / 2, y: y - side / 2, w: side, h: side };
}

/**
 * This person's face among the detections: the best-scoring one whose box side is plausible for
 * this head (`minSize`..`maxSize` x head width; BlazeFace also fires on small face-like patterns
 * in hair and clothes) and whose centre lies within `reach` x head width of the pose's face centre.
 */
export function matchFace(
  faces: readonly Face[],
  head: HeadEstimate,
  { reach = 0.6, minSize = 0.5, maxSize = 2.5 } = {},
): Face | null {
  let best: Face | null = null;
  for (const f of faces) {
    const side = Math.max(f.box[2], f.box[3]);
    if (side < minSize * head.size || side > maxSize * head.size) continue;
    const cx = f.box[0] + f.box[2] / 2;
    const cy = f.box[1] + f.box[3] / 2;
    if (Math.hypot(cx - head.fx, cy - head.fy) > reach * head.size) continue;
    if (!best || f.score > best.score) best = f;
  }
  return best;
}

/** Detector keypoint index -> COCO index: eyes, nose, ears (the mouth has no COCO point). */
export const LANDMARK_PAIRS: readonly (readonly [number, number])[] = [
  [0, COCO.rightEye],
  [1, COCO.leftEye],
  [2, COCO.nose],
  [4, COCO.rightEar],
  [5, COCO.leftEar],
];

/**
 * Mean distance between the detector's eyes, nose and ears and the pose's visible (v = 2) ones,
 * divided by the face box side; null when no pair is visible. `withEars` false leaves the ears
 * out (BlazeFace's ear points are its least reliable).
 */
export function landmarkError(
  face: Face,
  keypoints: readonly PoseKeypoint[],
  withEars = true,
): number | null {
  let sum = 0;
  let n = 0;
  for (const [d, c] of LANDMARK_PAIRS) {
    if (!withEars && d >= 4) continue;
    const k = keypoints[c];
    const p = face.keypoints[d];
    if (!k || k[2] !== 2 || !p) continue;
    sum += Math.hypot(p[0] - k[0], p[1] - k[1]);
    n += 1;
  }
  const side = Math.max(face.box[2], face.box[3], 1e-6);
  return n > 0 ? sum / n / side : null;
}
