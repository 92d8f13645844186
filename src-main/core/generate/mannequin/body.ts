/**
 * @file The 2.5D body model behind the mannequin: from COCO-17 keypoints (output pixels) it
 * estimates the body's size unit U (shoulder-to-hip length, from whichever segments are
 * labelled, since foreshortening only shortens them), the torso frame, which side is nearer the
 * viewer (shoulder spread plus visibility, nose and ear cues), a depth per joint in units of U
 * (occluded v=1 joints pushed behind; visible joints over the torso pushed in front of it) and
 * completes a missing shoulder or hip pair so the torso can still be drawn.
 */
import type { Keypoint } from '../../../contract';

export type Vec = { x: number; y: number };
/** A joint in output pixels with depth z in units of U (larger = nearer); v as in COCO. */
export type Joint = { x: number; y: number; z: number; v: 0 | 1 | 2 };

export type Body = {
  unit: number;
  /** COCO-17 joints; null when unlabeled (estimated torso corners live in shoulders/hips). */
  joints: (Joint | null)[];
  /** [left, right], labelled or estimated; null when the torso cannot be placed. */
  shoulders: [Joint, Joint] | null;
  hips: [Joint, Joint] | null;
  /** Unit vector down the torso, and across it (towards the person's left for a frontal view). */
  down: Vec;
  across: Vec;
  /** Cosine of the body yaw: 1 facing the viewer, -1 back to the viewer. */
  front: number;
  /** Depth of the left side relative to the right, -1..1 (1: left side nearer). */
  leftNear: number;
};

/** Length ratios to U of segments (COCO joint pairs), for estimating U from what is labelled. */
const SEGMENT_RATIOS: readonly [number, number, number][] = [
  [5, 6, 0.75],
  [11, 12, 0.5],
  [5, 7, 0.6],
  [6, 8, 0.6],
  [7, 9, 0.5],
  [8, 10, 0.5],
  [11, 13, 0.85],
  [12, 14, 0.85],
  [13, 15, 0.8],
  [14, 16, 0.8],
  [5, 11, 1],
  [6, 12, 1],
  [1, 2, 0.13],
  [3, 4, 0.32],
];

const mid = (a: Vec, b: Vec): Vec => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a: Vec, b: Vec): number => Math.hypot(a.x - b.x, a.y - b.y);
const dot = (a: Vec, b: Vec): number => a.x * b.x + a.y * b.y;

function norm(x: number, y: number, fallback: Vec): Vec {
  const n = Math.hypot(x, y);
  return n > 1e-6 ? { x: x / n, y: y / n } : fallback;
}

/** U: the largest length-based estimate, capped at 2.5x the median so one bad label cannot blow it up. */
export function estimateUnit(joints: readonly (Joint | null)[], fallback: number): number {
  const estimates: number[] = [];
  for (const [a, b, ratio] of SEGMENT_RATIOS) {
    const ja = joints[a];
    const jb = joints[b];
    if (ja && jb) estimates.push(dist(ja, jb) / ratio);
  }
  const [ls, rs, lh, rh] = [joints[5], joints[6], joints[11], joints[12]];
  if (ls && rs && lh && rh) estimates.push(dist(mid(ls, rs), mid(lh, rh)));
  if (estimates.length === 0) return fallback;
  estimates.sort((a, b) => a - b);
  const median = estimates[Math.floor(estimates.length / 2)]!;
  const best = Math.min(estimates[estimates.length - 1]!, median * 2.5);
  return Math.max(best, fallback * 0.08);
}

function torsoDown(joints: readonly (Joint | null)[]): Vec {
  const [ls, rs, lh, rh] = [joints[5], joints[6], joints[11], joints[12]];
  const top = ls && rs ? mid(ls, rs) : (ls ?? rs);
  const bottom = lh && rh ? mid(lh, rh) : (lh ?? rh);
  if (top && bottom) return norm(bottom.x - top.x, bottom.y - top.y, { x: 0, y: 1 });
  const face = joints[0] ?? joints[1] ?? joints[2] ?? joints[3] ?? joints[4];
  if (ls && rs) {
    // No hips: the body hangs perpendicular to the shoulder line, on the side away from the face
    // (or below the shoulders when there is no face): robust when the head is tilted or lying.
    const perp = norm(-(ls.y - rs.y), ls.x - rs.x, { x: 0, y: 1 });
    const away = face ? (top!.x - face.x) * perp.x + (top!.y - face.y) * perp.y : perp.y;
    return away >= 0 ? perp : { x: -perp.x, y: -perp.y };
  }
  if (top && face) return norm(top.x - face.x, top.y - face.y, { x: 0, y: 1 });
  return { x: 0, y: 1 };
}

const joint = (x: number, y: number): Joint => ({ x, y, z: 0, v: 0 });

/** A missing member of a pair, mirrored from the other pair or across the head. */
function completePair(
  pair: [Joint | null, Joint | null],
  other: [Joint | null, Joint | null],
  ratio: number,
  head: Vec | null,
): [Joint, Joint] | null {
  const [l, r] = pair;
  if (l && r) return [l, r];
  const [ol, or] = other;
  if (l && ol && or) return [l, joint(l.x + (or.x - ol.x) * ratio, l.y + (or.y - ol.y) * ratio)];
  if (r && ol && or) return [joint(r.x + (ol.x - or.x) * ratio, r.y + (ol.y - or.y) * ratio), r];
  const known = l ?? r;
  if (known && head) {
    const mirrored = joint(2 * head.x - known.x, known.y);
    return l ? [l, mirrored] : [mirrored, known];
  }
  return null;
}

/** Hips below the shoulders when no hip is labelled (upper-body crops). */
function hipsFromShoulders(sh: [Joint, Joint], down: Vec, unit: number): [Joint, Joint] {
  const m = mid(sh[0], sh[1]);
  const c = { x: m.x + down.x * unit, y: m.y + down.y * unit };
  const hx = (sh[0].x - sh[1].x) * 0.33;
  const hy = (sh[0].y - sh[1].y) * 0.33;
  return [joint(c.x + hx, c.y + hy), joint(c.x - hx, c.y - hy)];
}

/** Evidence that the person's left side is nearer: visibility of left/right joints, nose offset. */
function leftNearScore(
  joints: readonly (Joint | null)[],
  across: Vec,
  centre: Vec | null,
  unit: number,
): number {
  let score = 0;
  for (const [l, r] of [
    [3, 4],
    [1, 2],
    [5, 6],
    [7, 8],
    [11, 12],
    [13, 14],
  ] as const) {
    const vl = joints[l]?.v ?? 0;
    const vr = joints[r]?.v ?? 0;
    if (vl === 2 && vr < 2) score += 0.5;
    if (vr === 2 && vl < 2) score -= 0.5;
  }
  const nose = joints[0];
  // Facing image-left (nose left of the shoulders) turns the left side towards the viewer.
  if (nose && centre)
    score -= (dot({ x: nose.x - centre.x, y: nose.y - centre.y }, across) / (0.15 * unit)) * 0.5;
  return Math.max(-1, Math.min(1, score));
}

function pointInQuad(p: Vec, quad: readonly Vec[]): boolean {
  let sign = 0;
  for (let i = 0; i < quad.length; i += 1) {
    const a = quad[i]!;
    const b = quad[(i + 1) % quad.length]!;
    const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/** Depths of limb joints: inherit the root, behind when occluded, in front of the torso when visible over it. */
function limbDepths(joints: (Joint | null)[], torso: readonly Vec[] | null): void {
  const chains: readonly [number, number, number][] = [
    [5, 7, 9],
    [6, 8, 10],
    [11, 13, 15],
    [12, 14, 16],
  ];
  for (const chain of chains) {
    let z = joints[chain[0]]?.z ?? 0;
    for (const index of chain.slice(1)) {
      const j = joints[index];
      if (!j) continue;
      z = j.v === 1 ? Math.min(z, 0) - 0.3 : z;
      if (torso && pointInQuad(j, torso)) z = j.v === 2 ? Math.max(z, 0.45) : Math.min(z, -0.45);
      j.z = z;
    }
  }
}

export function buildBody(keypoints: readonly Keypoint[], fallbackUnit: number): Body {
  const joints: (Joint | null)[] = keypoints.map((k) =>
    k[2] > 0 ? { x: k[0], y: k[1], z: 0, v: k[2] } : null,
  );
  const unit = estimateUnit(joints, fallbackUnit);
  const down = torsoDown(joints);
  const across = { x: down.y, y: -down.x };
  const face = joints[0] ?? joints[1] ?? joints[2] ?? joints[3] ?? joints[4] ?? null;
  const shoulders = completePair(
    [joints[5] ?? null, joints[6] ?? null],
    [joints[11] ?? null, joints[12] ?? null],
    1.4,
    face,
  );
  let hips = completePair(
    [joints[11] ?? null, joints[12] ?? null],
    [joints[5] ?? null, joints[6] ?? null],
    0.7,
    null,
  );
  if (!hips && shoulders) hips = hipsFromShoulders(shoulders, down, unit);
  const spread = shoulders
    ? dot({ x: shoulders[0].x - shoulders[1].x, y: shoulders[0].y - shoulders[1].y }, across)
    : unit * 0.75;
  const front = Math.max(-1, Math.min(1, spread / (0.75 * unit)));
  const centre = shoulders ? mid(shoulders[0], shoulders[1]) : null;
  const leftNear = Math.sqrt(1 - front * front) * leftNearScore(joints, across, centre, unit);
  if (shoulders) {
    shoulders[0].z = 0.36 * leftNear;
    shoulders[1].z = -0.36 * leftNear;
  }
  if (hips) {
    hips[0].z = 0.25 * leftNear;
    hips[1].z = -0.25 * leftNear;
  }
  const torso = shoulders && hips ? [shoulders[0], shoulders[1], hips[1], hips[0]] : null;
  limbDepths(joints, torso);
  return { unit, joints, shoulders, hips, down, across, front, leftNear };
}
