/**
 * @file The mouth checks, platform-free: is there a mouth where the pose puts it, below the nose?
 * The eye checks need a visible eye keypoint; many faces the pose shows have none (a three-quarter
 * view, eyes under a hat brim, the photo's eye labels marked occluded), and there the nose is all
 * the pose says about the face. A mouth sits a fixed fraction of the head (MOUTH_BELOW_NOSE) below
 * the nose along the head's up axis, so it can be looked for from the nose alone:
 *
 * - `headUp`: the head's up direction, from the shoulders towards the face, blended with the torso
 *   axis (the neck bends less than the face's offset from the shoulders suggests).
 * - `faceYaw`: how far the face is turned, from the nose's sideways offset against the ears or the
 *   eyes (0 frontal, 1 profile); a mouth is only expected while the face is not in profile.
 * - `locateMouth`: lips are redder than skin whatever its tone or the light: their green/red ratio
 *   lies about 0.25 below the skin's (a ratio, so shading does not move it). The skin's ratio is
 *   the most common reddish one around the mouth and on the nose; lip pixels lie LIP_MIN..LIP_MAX
 *   below it (far redder is a red shirt, hat or hair, not lips); the mouth is the compact blob of
 *   lip pixels with the most lip mass near where it is expected, inside the search disc (something
 *   running on out of the disc is not a mouth).
 * - `handAtMouth`: a forearm or wrist of the pose at the mouth may hide it: not judged.
 *
 * Two scores come out (`measureMouth`): the lip contrast (the blob's peak drop below the skin, 0
 * when there is no blob: a face drawn without a mouth, or one blurred or smeared away) and the
 * mouth offset (the blob's distance from where the pose puts the mouth, in head widths: a distorted
 * face; only for a blob of at least MOUTH_MIN_AREA, since a sliver beside a hand says nothing about
 * where the mouth is). Both are null where the pose shows no nose, the face is turned too far for
 * a mouth to show, or a hand is at the mouth; the caller also skips faces too small to judge.
 */
import { COCO, type HeadEstimate, type PoseKeypoint } from './faceGeometry';
import { discPixels, type FacePatch, floodComponent, toPatch } from './facePatch';

/** Distance of the mouth below the nose tip, in head widths. */
export const MOUTH_BELOW_NOSE = 0.22;
/** Radius around the expected mouth where it is looked for, in head widths (a moved mouth too). */
export const MOUTH_SEARCH = 0.3;
/** Radius of the disc on the nose that also samples the skin, in head widths. */
const NOSE_DISC = 0.1;
/** Skin of every tone is reddish: its green/red ratio lies below this (backgrounds often do not). */
const SKIN_RATIO_MAX = 0.95;
/** Drop in green/red ratio below the skin's of a pixel counted as lip: at least ... */
export const LIP_MIN = 0.11;
/** ... and at most (red clothes, hats and red hair are far redder than lips). */
export const LIP_MAX = 0.38;
/** Least area of a mouth whose offset is judged, in square head widths (a mouth is about 0.015). */
export const MOUTH_MIN_AREA = 0.004;
/** A forearm or wrist this near the expected mouth (head widths) may hide it. */
export const HAND_NEAR = 0.35;
/** Distance (head widths) over which a blob's claim to be the mouth fades (Gaussian). */
const MOUTH_NEAR = 0.2;
/** Largest |yaw| at which a mouth is expected (a profile shows none). */
export const MOUTH_MAX_YAW = 0.85;
/** The nose's sideways offset at a profile, in head widths: from the ears' midpoint, the eyes', one ear. */
const YAW_SPAN = { ears: 0.45, eyes: 0.26, ear: 0.57 } as const;
/** Shoulder width over hip width, for a shoulder the pose does not label. */
const SHOULDER_PER_HIP = 1.4;
/** Weight of the shoulders-to-face direction against the torso axis in `headUp`. */
const NECK_BEND = 0.6;
/** Ratio values are binned x RATIO_SCALE (256 bins of 0.005). */
const RATIO_SCALE = 200;

type Vec = { x: number; y: number };

const labelled = (k: PoseKeypoint | undefined): k is PoseKeypoint => k !== undefined && k[2] > 0;

function meanOf(ks: readonly PoseKeypoint[]): Vec {
  return { x: ks.reduce((s, k) => s + k[0], 0) / ks.length, y: ks.reduce((s, k) => s + k[1], 0) / ks.length };
}

function unit(v: Vec, fallback: Vec): Vec {
  const n = Math.hypot(v.x, v.y);
  return n > 1e-6 ? { x: v.x / n, y: v.y / n } : fallback;
}

const point = (k: PoseKeypoint): Vec => ({ x: k[0], y: k[1] });

/**
 * Both shoulders; a missing one mirrored from the hips' offset (shoulders are about 1.4 hip widths
 * apart), or without both hips across the face's vertical; null without any shoulder.
 */
function shoulderPair(keypoints: readonly PoseKeypoint[], face: Vec | null): [Vec, Vec] | null {
  const [ls, rs, lh, rh] = [5, 6, 11, 12].map((i) => keypoints[i]);
  if (labelled(ls) && labelled(rs)) return [point(ls), point(rs)];
  const one = labelled(ls) ? ls : labelled(rs) ? rs : null;
  if (!one) return null;
  let other: Vec | null = null;
  if (labelled(lh) && labelled(rh)) {
    const sign = one === ls ? 1 : -1;
    other = {
      x: one[0] + sign * (rh[0] - lh[0]) * SHOULDER_PER_HIP,
      y: one[1] + sign * (rh[1] - lh[1]) * SHOULDER_PER_HIP,
    };
  } else if (face) {
    other = { x: 2 * face.x - one[0], y: one[1] };
  }
  return other ? [point(one), other] : null;
}

/** Where the face is for the neck's direction: the eyes' midpoint, one eye, or the nose. */
function facePoint(keypoints: readonly PoseKeypoint[]): Vec | null {
  const [nose, le, re] = [COCO.nose, COCO.leftEye, COCO.rightEye].map((i) => keypoints[i]);
  if (labelled(le) && labelled(re)) return meanOf([le, re]);
  const one = labelled(le) ? le : labelled(re) ? re : labelled(nose) ? nose : null;
  return one ? point(one) : null;
}

/**
 * The torso's up axis: labelled shoulders over labelled hips; without hips, perpendicular to the
 * shoulder line on the face's side; (0, -1) when the pose has neither.
 */
function torsoUp(keypoints: readonly PoseKeypoint[], pair: [Vec, Vec] | null, face: Vec | null): Vec {
  const upright = { x: 0, y: -1 };
  const shoulders = [5, 6].map((i) => keypoints[i]).filter(labelled);
  const hips = [11, 12].map((i) => keypoints[i]).filter(labelled);
  if (shoulders.length > 0 && hips.length > 0) {
    const s = meanOf(shoulders);
    const h = meanOf(hips);
    return unit({ x: s.x - h.x, y: s.y - h.y }, upright);
  }
  if (!pair) return upright;
  const perp = unit({ x: pair[0].y - pair[1].y, y: pair[1].x - pair[0].x }, upright);
  const mid = { x: (pair[0].x + pair[1].x) / 2, y: (pair[0].y + pair[1].y) / 2 };
  const towards = face ? (face.x - mid.x) * perp.x + (face.y - mid.y) * perp.y : -perp.y;
  return towards >= 0 ? perp : { x: -perp.x, y: -perp.y };
}

/**
 * Image-space unit vector pointing up the head (towards the crown): from the shoulders' midpoint
 * towards the face, blended with the torso's axis.
 */
export function headUp(keypoints: readonly PoseKeypoint[]): Vec {
  const face = facePoint(keypoints);
  const pair = shoulderPair(keypoints, face);
  const torso = torsoUp(keypoints, pair, face);
  if (!face || !pair) return torso;
  const s = { x: (pair[0].x + pair[1].x) / 2, y: (pair[0].y + pair[1].y) / 2 };
  const neck = unit({ x: face.x - s.x, y: face.y - s.y }, torso);
  const w = NECK_BEND;
  return unit({ x: neck.x * w + torso.x * (1 - w), y: neck.y * w + torso.y * (1 - w) }, torso);
}

/**
 * How far the face is turned, 0 (frontal) .. 1 (profile) and beyond, from the nose's offset across
 * the head against the ears' midpoint, else the eyes' midpoint, else one ear; null when the pose
 * has no nose or nothing to compare it with.
 */
export function faceYaw(keypoints: readonly PoseKeypoint[], head: HeadEstimate, up: Vec): number | null {
  const [nose, le, re, lear, rear] = [0, 1, 2, 3, 4].map((i) => keypoints[i]);
  if (!labelled(nose)) return null;
  const across = { x: -up.y, y: up.x };
  const off = (o: Vec): number => Math.abs((nose[0] - o.x) * across.x + (nose[1] - o.y) * across.y);
  if (labelled(lear) && labelled(rear)) return off(meanOf([lear, rear])) / (YAW_SPAN.ears * head.size);
  if (labelled(le) && labelled(re)) return off(meanOf([le, re])) / (YAW_SPAN.eyes * head.size);
  const ear = labelled(lear) ? lear : labelled(rear) ? rear : null;
  return ear ? off(meanOf([ear])) / (YAW_SPAN.ear * head.size) : null;
}

/** Where the pose puts the mouth: below the visible nose; null when the nose is not visible. */
export function expectedMouth(keypoints: readonly PoseKeypoint[], head: HeadEstimate, up: Vec): Vec | null {
  const nose = keypoints[COCO.nose];
  if (!nose || nose[2] !== 2) return null;
  const d = MOUTH_BELOW_NOSE * head.size;
  return { x: nose[0] - up.x * d, y: nose[1] - up.y * d };
}

export type MouthFound = {
  /** Drop in green/red ratio below the skin at the blob's peak (0..1). */
  contrast: number;
  /** Distance of the blob's centre from the expected mouth, in head widths. */
  offset: number;
  /** Blob area in square head widths. */
  area: number;
};

/** Green/red ratio x RATIO_SCALE of one patch pixel (clipped to 255: greens and blues are all alike). */
function ratioAt(p: FacePatch, i: number): number {
  return Math.min(255, (RATIO_SCALE * p.g[i]!) / Math.max(1, p.r[i]!));
}

/**
 * The skin's green/red ratio (x RATIO_SCALE) around the mouth: the most common ratio (3-bin
 * window) among the reddish pixels (ratio below SKIN_RATIO_MAX: skin of every tone; a green or
 * blue background is not a candidate) of the search disc and of a small disc on the nose.
 */
function skinRatio(p: FacePatch, pixels: readonly number[]): number {
  const hist = new Uint32Array(256);
  const top = Math.round(SKIN_RATIO_MAX * RATIO_SCALE);
  for (const i of pixels) {
    const r = Math.round(ratioAt(p, i));
    if (r < top) hist[r]! += 1;
  }
  let best = 0;
  let mode = top;
  for (let v = 1; v < top - 1; v += 1) {
    const count = hist[v - 1]! + hist[v]! + hist[v + 1]!;
    if (count > best) [best, mode] = [count, v];
  }
  return mode;
}

/** Blob statistics for locateMouth: lip mass, centre, peak and size. */
function blobStats(p: FacePatch, blob: readonly number[], lip: Float32Array) {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  let peak = 0;
  for (const i of blob) {
    const w = lip[i]!;
    mass += w;
    sx += w * ((i % p.n) + 0.5);
    sy += w * (Math.floor(i / p.n) + 0.5);
    peak = Math.max(peak, w);
  }
  return { mass, x: sx / mass, y: sy / mass, peak, area: blob.length / (p.unit * p.unit) };
}

/**
 * The mouth near image point `at` (with the nose at `nose`): among the lip blobs inside the
 * MOUTH_SEARCH disc (pixels whose green/red ratio lies LIP_MIN..LIP_MAX below the skin's,
 * 4-connected), the one with the most lip mass, discounted by its distance from `at`. Blobs
 * touching the disc's rim are something larger than a mouth; pixels far redder than lips (a red
 * shirt or hat, red hair) are not lip, so such things neither count nor merge with the mouth.
 * Null when there is none.
 */
export function locateMouth(p: FacePatch, at: Vec, nose: Vec): MouthFound | null {
  const { x: mx, y: my } = toPatch(p, [at.x, at.y, 2]);
  const { x: nx, y: ny } = toPatch(p, [nose.x, nose.y, 2]);
  const reach = MOUTH_SEARCH * p.unit;
  const disc = discPixels(p, mx, my, reach);
  const skin = skinRatio(p, [...disc, ...discPixels(p, nx, ny, Math.max(1, NOSE_DISC * p.unit))]);
  const lip = new Float32Array(p.n * p.n);
  const mask = new Uint8Array(p.n * p.n);
  for (const i of disc) {
    lip[i] = Math.max(0, skin - ratioAt(p, i)) / RATIO_SCALE;
    mask[i] = lip[i]! >= LIP_MIN && lip[i]! <= LIP_MAX ? 1 : 0;
  }
  const label = new Int32Array(p.n * p.n);
  const onRim = (i: number): boolean =>
    Math.hypot((i % p.n) + 0.5 - mx, Math.floor(i / p.n) + 0.5 - my) > reach - 1.5;
  let best: (MouthFound & { claim: number }) | null = null;
  let id = 0;
  for (const seed of disc) {
    if (!mask[seed] || label[seed] !== 0) continue;
    id += 1;
    const blob = floodComponent(mask, label, p.n, seed, id);
    if (blob.some(onRim)) continue;
    const b = blobStats(p, blob, lip);
    const offset = Math.hypot(b.x - mx, b.y - my) / p.unit;
    const claim = b.mass * Math.exp(-((offset / MOUTH_NEAR) ** 2));
    if (!best || claim > best.claim) best = { contrast: b.peak, offset, area: b.area, claim };
  }
  return best ? { contrast: best.contrast, offset: best.offset, area: best.area } : null;
}

/** Distance from point q to the segment a-b. */
function segmentDistance(q: Vec, a: Vec, b: Vec): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(q.x - a.x - t * dx, q.y - a.y - t * dy);
}

/**
 * A forearm or hand of the pose reaches the mouth: an elbow-to-wrist segment, or a wrist (the hand
 * reaches past it), within HAND_NEAR head widths of the expected mouth. A hand at the mouth hides
 * it, or part of it, so the mouth cannot be judged.
 */
export function handAtMouth(keypoints: readonly PoseKeypoint[], at: Vec, head: HeadEstimate): boolean {
  for (const [elbow, wrist] of [
    [7, 9],
    [8, 10],
  ] as const) {
    const w = keypoints[wrist];
    if (!labelled(w)) continue;
    const e = keypoints[elbow];
    const d = labelled(e) ? segmentDistance(at, point(e), point(w)) : Math.hypot(at.x - w[0], at.y - w[1]);
    if (d < HAND_NEAR * head.size) return true;
  }
  return false;
}

export type MouthMeasures = {
  /** Where the pose puts the mouth, or null when no mouth is expected (then all is null). */
  at: Vec | null;
  /** Lip contrast: 0 when no mouth is found; null when no mouth is expected. */
  contrast: number | null;
  /** Offset of the mouth found (head widths); null when none is found or expected, or too small. */
  offset: number | null;
};

/** The mouth scores of a face: see the file comment. */
export function measureMouth(
  p: FacePatch,
  keypoints: readonly PoseKeypoint[],
  head: HeadEstimate,
): MouthMeasures {
  const none = { at: null, contrast: null, offset: null };
  const up = headUp(keypoints);
  const at = expectedMouth(keypoints, head, up);
  const yaw = faceYaw(keypoints, head, up);
  if (!at || yaw === null || yaw >= MOUTH_MAX_YAW || handAtMouth(keypoints, at, head)) return none;
  const nose = keypoints[COCO.nose]!;
  const found = locateMouth(p, at, point(nose));
  if (!found) return { at, contrast: 0, offset: null };
  return { at, contrast: found.contrast, offset: found.area >= MOUTH_MIN_AREA ? found.offset : null };
}
