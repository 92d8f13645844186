/**
 * @file Where the head is and which way it looks, from whatever face keypoints are labelled:
 * centre (ear midpoint, or between one ear and the face, or behind the eyes/nose, or above the
 * shoulders), the up direction (neck to face), size from U, yaw (nose offset against ears or
 * eyes, or a single visible ear) and whether the face is seen at all (no nose or eyes labelled
 * but ears are: a back view); the head is then moved towards, and if need be grown around, the
 * labelled face keypoints so the features drawn at them lie on it (`fitFace`). Also the positions
 * of eyes, nose, mouth and ears on that head.
 */
import type { Body, Joint, Vec } from './body';

export type HeadFrame = {
  cx: number;
  cy: number;
  /** Depth of the centre in units of U. */
  z: number;
  /** Unit vectors: up the head, and across it (image-right for an upright head). */
  up: Vec;
  across: Vec;
  /** Half width and half height in pixels. */
  hw: number;
  hh: number;
  /** -1..1: the face turned towards -across .. +across (profile at +-1). */
  yaw: number;
  /** The face is towards the viewer (false: back of the head). */
  faceVisible: boolean;
};

export type FacePoint = { x: number; y: number; shown: boolean };

export type FaceLayout = {
  eyes: [FacePoint, FacePoint];
  nose: FacePoint;
  mouth: FacePoint;
  ears: [FacePoint, FacePoint];
};

const mid = (a: Vec, b: Vec): Vec => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

function headUp(face: Vec | null, body: Body): Vec {
  const sh = body.shoulders;
  const fallback = { x: -body.down.x, y: -body.down.y };
  if (!face || !sh) return fallback;
  const m = mid(sh[0], sh[1]);
  const dx = face.x - m.x;
  const dy = face.y - m.y;
  const n = Math.hypot(dx, dy);
  if (n < body.unit * 0.1) return fallback;
  // Blend with the torso axis: the neck bends less than the face offset suggests.
  const x = (dx / n) * 0.6 + fallback.x * 0.4;
  const y = (dy / n) * 0.6 + fallback.y * 0.4;
  const m2 = Math.hypot(x, y);
  return { x: x / m2, y: y / m2 };
}

function yawOf(j: readonly (Joint | null)[], across: Vec, hw: number, body: Body): number {
  const [nose, le, re, lear, rear] = j;
  const off = (p: Vec, o: Vec): number => (p.x - o.x) * across.x + (p.y - o.y) * across.y;
  if (nose && lear && rear) return clamp(off(nose, mid(lear, rear)) / (hw * 0.8), -1, 1);
  if (nose && le && re) return clamp(off(nose, mid(le, re)) / (hw * 0.45), -1, 1);
  const earL = lear?.v === 2 && (rear?.v ?? 0) < 2;
  const earR = rear?.v === 2 && (lear?.v ?? 0) < 2;
  if (nose && (lear ?? rear)) return clamp(off(nose, (lear ?? rear)!) / hw, -1, 1);
  if (earL) return -0.8;
  if (earR) return 0.8;
  return clamp(-body.leftNear, -1, 1);
}

function headCentre(
  j: readonly (Joint | null)[],
  up: Vec,
  across: Vec,
  hw: number,
  hh: number,
  yaw: number,
  body: Body,
) {
  const [nose, le, re, lear, rear] = j;
  const eyes = le && re ? mid(le, re) : (le ?? re);
  const front = eyes ?? nose;
  // Ears sit a little below the middle of the skull.
  if (lear && rear) {
    const m = mid(lear, rear);
    return { x: m.x + up.x * 0.1 * hh, y: m.y + up.y * 0.1 * hh };
  }
  const ear = lear ?? rear;
  if (ear && front) return { x: ear.x + (front.x - ear.x) * 0.3, y: ear.y + (front.y - ear.y) * 0.3 };
  if (front) {
    const lift = eyes ? 0 : 0.2 * hh;
    return {
      x: front.x - across.x * yaw * 0.55 * hw + up.x * lift,
      y: front.y - across.y * yaw * 0.55 * hw + up.y * lift,
    };
  }
  if (ear) return ear;
  const sh = body.shoulders;
  if (!sh) return null;
  const m = mid(sh[0], sh[1]);
  const lift = 0.22 * body.unit + hh;
  return { x: m.x + up.x * lift, y: m.y + up.y * lift };
}

/**
 * How far from the head centre (in half sizes, 1 = the skull's outline) a labelled face keypoint
 * may lie: eyes are decals painted only on head skin, so they need the skull around them; the
 * nose and ears are small ellipsoids that stick out of the outline by design (faceLayout puts the
 * nose at 1.02 and the ears at 1 in profile).
 */
const FIT_RADIUS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0.85],
  [2, 0.85],
  [3, 1],
  [4, 1],
];
/** Centre shifts tried towards the face, as fractions of the way (FIT_STEPS + 1 candidates). */
const FIT_STEPS = 20;

type Fit = { cx: number; cy: number; hw: number; hh: number; up: Vec; across: Vec };

/** Scale the head needs, centred at (cx, cy), for every labelled face keypoint to fit. */
function neededScale(
  j: readonly (Joint | null)[],
  cx: number,
  cy: number,
  f: Omit<Fit, 'cx' | 'cy'>,
): number {
  let need = 1;
  for (const [index, radius] of FIT_RADIUS) {
    const k = j[index];
    if (!k) continue;
    const a = ((k.x - cx) * f.across.x + (k.y - cy) * f.across.y) / f.hw;
    const b = ((k.x - cx) * f.up.x + (k.y - cy) * f.up.y) / f.hh;
    need = Math.max(need, Math.hypot(a, b) / radius);
  }
  return need;
}

/**
 * The head moved towards the face and, where moving is not enough, enlarged, so that every
 * labelled face keypoint lies on it (FIT_RADIUS). The centre rules above place the skull from
 * body proportions (a head 0.38 U wide) and one ear; on many photographs the labelled eyes and
 * nose spread wider than that skull (children, upper-body crops, three-quarter views with one ear
 * labelled), and an eye outside the skull was not drawn at all while its keypoint stayed visible.
 * Among the shifts along the way to the face centre, the one needing the least enlargement wins
 * (the smallest shift on ties), so a head that already holds its face is left as it was.
 */
function fitFace(j: readonly (Joint | null)[], fit: Fit): Fit {
  const face = [j[0], j[1], j[2]].filter((k): k is Joint => Boolean(k));
  if (face.length === 0) return fit;
  const target = {
    x: face.reduce((s, k) => s + k.x, 0) / face.length,
    y: face.reduce((s, k) => s + k.y, 0) / face.length,
  };
  let best = { t: 0, need: neededScale(j, fit.cx, fit.cy, fit) };
  for (let step = 1; step <= FIT_STEPS && best.need > 1; step += 1) {
    const t = step / FIT_STEPS;
    const need = neededScale(j, fit.cx + (target.x - fit.cx) * t, fit.cy + (target.y - fit.cy) * t, fit);
    if (need < best.need - 1e-9) best = { t, need };
  }
  return {
    ...fit,
    cx: fit.cx + (target.x - fit.cx) * best.t,
    cy: fit.cy + (target.y - fit.cy) * best.t,
    hw: fit.hw * best.need,
    hh: fit.hh * best.need,
  };
}

export function headFrame(body: Body): HeadFrame | null {
  const j = body.joints.slice(0, 5);
  const [nose, le, re, lear, rear] = j;
  const hw0 = 0.19 * body.unit;
  const hh0 = 0.25 * body.unit;
  const facePoint =
    (le && re ? mid(le, re) : (le ?? re ?? nose ?? (lear && rear ? mid(lear, rear) : null))) ?? null;
  const up = headUp(facePoint, body);
  const across = { x: -up.y, y: up.x };
  const yaw = yawOf(j, across, hw0, body);
  const c = headCentre(j, up, across, hw0, hh0, yaw, body);
  if (!c) return null;
  const { cx, cy, hw, hh } = fitFace(j, { cx: c.x, cy: c.y, hw: hw0, hh: hh0, up, across });
  const faceLabelled = Boolean(nose ?? le ?? re);
  const faceVisible = faceLabelled || (!lear && !rear && body.front > -0.2);
  return { cx, cy, z: 0.12 + 0.08 * body.front, up, across, hw, hh, yaw, faceVisible };
}

/** A point on the head at head-local (a across, b up) in half-size units. */
function at(h: HeadFrame, a: number, b: number): Vec {
  return {
    x: h.cx + h.across.x * a * h.hw + h.up.x * b * h.hh,
    y: h.cy + h.across.y * a * h.hw + h.up.y * b * h.hh,
  };
}

function given(j: Joint | null | undefined, estimate: Vec, show: boolean): FacePoint {
  if (j) return { x: j.x, y: j.y, shown: j.v === 2 };
  return { ...estimate, shown: show };
}

/**
 * Face features: the pose's keypoints where labelled (drawn when visible, v=2), estimated on the
 * head otherwise (drawn when the face is towards the viewer and nothing about the face is
 * labelled). Estimates turn with the yaw angle: a feature at angle phi from the face direction
 * sits at across = sin(theta + phi) and is seen while cos(theta + phi) > 0.
 */
export function faceLayout(h: HeadFrame, joints: readonly (Joint | null)[]): FaceLayout {
  const [nose, le, re, lear, rear] = joints;
  const guess = h.faceVisible && !nose && !le && !re;
  const theta = (h.yaw * Math.PI) / 2;
  const feature = (j: Joint | null | undefined, phi: number, b: number, r = 1, seen = 0.15): FacePoint =>
    given(j, at(h, r * Math.sin(theta + phi), b), guess && Math.cos(theta + phi) > seen);
  const eyeL = feature(le, 0.4, 0.02, 0.92);
  const eyeR = feature(re, -0.4, 0.02, 0.92);
  const noseP = feature(nose, 0, -0.22, 1.02);
  const mouthV = {
    x: noseP.x - h.up.x * 0.3 * h.hh,
    y: noseP.y - h.up.y * 0.3 * h.hh,
  };
  const mouthShown = h.faceVisible && Math.abs(h.yaw) < 0.85 && (noseP.shown || eyeL.shown || eyeR.shown);
  // Ears stay visible a little past the silhouette, where they stick out of the head outline.
  const earL = feature(lear, Math.PI / 2, -0.05, 1, -0.35);
  const earR = feature(rear, -Math.PI / 2, -0.05, 1, -0.35);
  return { eyes: [eyeL, eyeR], nose: noseP, mouth: { ...mouthV, shown: mouthShown }, ears: [earL, earR] };
}

/**
 * Limb joints over the head (a hand at the face): visible ones come in front of the face, occluded
 * ones go behind the head, as the torso rule does for the body.
 */
export function layerLimbsOverHead(body: Body, h: HeadFrame): void {
  for (const index of [7, 8, 9, 10, 13, 14, 15, 16]) {
    const j = body.joints[index];
    if (!j) continue;
    const px = j.x - h.cx;
    const py = j.y - h.cy;
    const a = (px * h.across.x + py * h.across.y) / h.hw;
    const b = (px * h.up.x + py * h.up.y) / h.hh;
    if (a * a + b * b > 1.2) continue;
    j.z = j.v === 2 ? Math.max(j.z, h.z + 0.32) : Math.min(j.z, h.z - 0.35);
  }
}
