/**
 * @file Pose augmentation for the pose editor (`poses.augment`): joint-angle jitter that keeps every
 * bone length, mirror with left/right swap, and interpolation between two poses. Platform-free
 * and deterministic (seeded), so the renderer's test fake can run the same code.
 *
 * The COCO-17 limbs (skeleton.ts) contain two cycles (the torso quad and the face/ear/shoulder
 * ring), which no joint rotation can move without stretching a limb. So the kinematic tree here is:
 * a rigid core (face, ears, shoulders, hips) with four chains hanging off it (shoulder -> elbow ->
 * wrist, hip -> knee -> ankle). Rotating a chain bone about its parent joint, with the rest of the
 * chain following, keeps all 19 COCO limb lengths. The sample project's `augmentPose` (presets.ts)
 * is a different augmentation (rigid rotation, scale and per-joint noise, for variety); this module
 * shares its seeded generator and geometry's mirror rather than repeating them.
 */
import { keypointBox, mirrorPose } from './geometry';
import { seededRandom, type PoseShape } from './presets';
import { COCO_COUNT, COCO_LIMBS } from './skeleton';
import type { Keypoint } from './types';

export type AugmentMode = 'jitter' | 'mirror' | 'interpolate';

/** A pose made by augmentation: canvas and 17 keypoints (unlabeled points are [0, 0, 0]). */
export type AugmentedPose = { width: number; height: number; keypoints: Keypoint[] };

/**
 * Parent of each COCO-17 joint in the kinematic tree, or null for the joints of the rigid core.
 * Every (parent, child) pair is a COCO limb (checked by the tests against COCO_LIMBS).
 */
export const KINEMATIC_PARENT: readonly (number | null)[] = [
  null, // nose
  null,
  null,
  null,
  null, // eyes, ears
  null,
  null, // shoulders
  5,
  6, // elbows
  7,
  8, // wrists
  null,
  null, // hips
  11,
  12, // knees
  13,
  14, // ankles
];

/** The articulated joints, parents before children: one rotation (bone) per entry. */
export const CHAIN_JOINTS: readonly number[] = [7, 8, 9, 10, 13, 14, 15, 16];

const UNLABELED: Keypoint = [0, 0, 0];
const labeled = (point: Keypoint | undefined): point is Keypoint => point !== undefined && point[2] > 0;

/** `joint` and every joint below it in the tree. */
function subtree(joint: number): number[] {
  const joints = [joint];
  for (const child of CHAIN_JOINTS) {
    const parent = KINEMATIC_PARENT[child];
    if (parent !== null && parent !== undefined && joints.includes(parent)) joints.push(child);
  }
  return joints;
}

/** The nearest labeled ancestor of `joint` (its parent, else the parent's parent, ...), or null. */
function labeledAncestor(points: readonly Keypoint[], joint: number): number | null {
  let current = KINEMATIC_PARENT[joint] ?? null;
  while (current !== null && !labeled(points[current])) current = KINEMATIC_PARENT[current] ?? null;
  return current;
}

function rotateAbout(point: Keypoint, pivot: Keypoint, cos: number, sin: number): Keypoint {
  const dx = point[0] - pivot[0];
  const dy = point[1] - pivot[1];
  return [pivot[0] + dx * cos - dy * sin, pivot[1] + dx * sin + dy * cos, point[2]];
}

function copyPoints(keypoints: readonly Keypoint[]): Keypoint[] {
  return Array.from({ length: COCO_COUNT }, (_, i): Keypoint => {
    const point = keypoints[i];
    return labeled(point) ? [point[0], point[1], point[2]] : UNLABELED;
  });
}

/**
 * Joint-angle jitter: each chain bone rotates about its parent joint by an angle drawn uniformly
 * from [-maxDegrees, maxDegrees], and the joints below it follow, so every COCO limb keeps its
 * length. Angles are drawn for all eight bones whatever is labeled, so a seed gives the same angles
 * on any pose. A bone whose parent is unlabeled turns about the nearest labeled ancestor instead
 * (no measurable limb changes length); with none, it stays. Unlabeled joints stay [0, 0, 0].
 */
export function jitterKeypoints(keypoints: readonly Keypoint[], seed: number, maxDegrees = 15): Keypoint[] {
  const random = seededRandom(seed);
  const maxRadians = (maxDegrees * Math.PI) / 180;
  const angles = CHAIN_JOINTS.map(() => (2 * random() - 1) * maxRadians);
  const points = copyPoints(keypoints);
  CHAIN_JOINTS.forEach((joint, b) => {
    const pivotJoint = labeledAncestor(points, joint);
    if (pivotJoint === null) return;
    const pivot = points[pivotJoint]!;
    const [cos, sin] = [Math.cos(angles[b]!), Math.sin(angles[b]!)];
    for (const moved of subtree(joint)) {
      if (labeled(points[moved])) points[moved] = rotateAbout(points[moved]!, pivot, cos, sin);
    }
  });
  return points;
}

/**
 * Move the labeled points (translation only, so lengths stay) the least distance that puts their
 * box inside the canvas; on an axis where the box is larger than the canvas, centre it instead.
 */
export function translateIntoCanvas(
  keypoints: readonly Keypoint[],
  width: number,
  height: number,
): Keypoint[] {
  const box = keypointBox(keypoints);
  if (box === null) return copyPoints(keypoints);
  const shift = (start: number, size: number, room: number): number =>
    size > room ? room / 2 - (start + size / 2) : Math.max(-start, Math.min(0, room - (start + size)));
  const dx = shift(box[0], box[2], width);
  const dy = shift(box[1], box[3], height);
  return keypoints.map(([x, y, v]): Keypoint => (v === 0 ? UNLABELED : [x + dx, y + dy, v]));
}

/** Seed of the `index`-th pose of a series from `seed`, spread so neighbours differ. */
export function seriesSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

/** `count` jittered copies of `pose`, each moved back into the canvas when it fits. */
export function jitterSeries(pose: PoseShape, count: number, seed: number, maxDegrees = 15): AugmentedPose[] {
  return Array.from({ length: count }, (_, i) => ({
    width: pose.width,
    height: pose.height,
    keypoints: translateIntoCanvas(
      jitterKeypoints(pose.keypoints, seriesSeed(seed, i), maxDegrees),
      pose.width,
      pose.height,
    ),
  }));
}

/** The mirror image of `pose` within its canvas, left and right joints swapped. */
export function mirrorShape(pose: PoseShape): AugmentedPose {
  return { width: pose.width, height: pose.height, keypoints: mirrorPose(pose.keypoints, pose.width) };
}

/** `pose` scaled uniformly (and centred) into a `width` x `height` canvas. */
function fitCanvas(pose: PoseShape, width: number, height: number): Keypoint[] {
  if (pose.width === width && pose.height === height) return copyPoints(pose.keypoints);
  const s = Math.min(width / pose.width, height / pose.height);
  const [ox, oy] = [(width - pose.width * s) / 2, (height - pose.height * s) / 2];
  return copyPoints(pose.keypoints).map(([x, y, v]): Keypoint =>
    v === 0 ? UNLABELED : [ox + x * s, oy + y * s, v],
  );
}

const lerp = (p: number, q: number, t: number): number => p + (q - p) * t;

/** Signed difference q - p of two angles, in (-pi, pi]: the shorter way round. */
function angleDelta(p: number, q: number): number {
  let d = (q - p) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/** Mean movement of the core joints labeled in both poses from `from` to `to` (0, 0 if none). */
function coreShift(
  from: readonly Keypoint[],
  to: readonly Keypoint[],
  both: readonly number[],
): [number, number] {
  if (both.length === 0) return [0, 0];
  let [sx, sy] = [0, 0];
  for (const j of both) {
    sx += to[j]![0] - from[j]![0];
    sy += to[j]![1] - from[j]![1];
  }
  return [sx / both.length, sy / both.length];
}

/**
 * The pose a fraction `t` of the way from `a` to `b`, on a's canvas (b is scaled uniformly into it
 * when the canvases differ). The rigid core moves linearly; each chain bone turns from its angle
 * in a to its angle in b the shorter way round, with its length interpolated, hanging off its
 * interpolated parent, so two poses with the same limb lengths give in-betweens with those
 * lengths. A joint labeled in both takes a's flag for t < 0.5 and b's after. A joint labeled in
 * only one pose is kept while the result is nearer that pose (t < 0.5 for a, t > 0.5 for b),
 * hanging off its parent with that pose's bone vector (core joints: moved with the core).
 */
export function interpolateKeypoints(a: PoseShape, b: PoseShape, t: number): Keypoint[] {
  const pa = copyPoints(a.keypoints);
  const pb = fitCanvas(b, a.width, a.height);
  const out: Keypoint[] = Array.from({ length: COCO_COUNT }, () => UNLABELED);
  const core = KINEMATIC_PARENT.flatMap((parent, j) => (parent === null ? [j] : []));
  const both = core.filter((j) => labeled(pa[j]) && labeled(pb[j]));
  for (const j of both) {
    out[j] = [lerp(pa[j]![0], pb[j]![0], t), lerp(pa[j]![1], pb[j]![1], t), t < 0.5 ? pa[j]![2] : pb[j]![2]];
  }
  // Joints only one pose labels, from the nearer pose (never both: they are labeled in one only).
  const near = t < 0.5 ? pa : t > 0.5 ? pb : null;
  const nearShift = near === null ? ([0, 0] as const) : coreShift(near, out, both);
  for (const j of core) {
    if (near === null || out[j]![2] > 0 || !labeled(near[j])) continue;
    out[j] = [near[j]![0] + nearShift[0], near[j]![1] + nearShift[1], near[j]![2]];
  }
  for (const j of CHAIN_JOINTS) out[j] = interpolateChainJoint(j, pa, pb, out, t, near, nearShift);
  return out;
}

function interpolateChainJoint(
  j: number,
  pa: readonly Keypoint[],
  pb: readonly Keypoint[],
  out: readonly Keypoint[],
  t: number,
  near: readonly Keypoint[] | null,
  nearShift: readonly [number, number],
): Keypoint {
  const p = KINEMATIC_PARENT[j]!;
  const [ca, cb, parent] = [pa[j]!, pb[j]!, out[p]!];
  if (labeled(ca) && labeled(cb)) {
    const flag = t < 0.5 ? ca[2] : cb[2];
    if (!labeled(pa[p]) || !labeled(pb[p]) || !labeled(parent)) {
      return [lerp(ca[0], cb[0], t), lerp(ca[1], cb[1], t), flag];
    }
    const [ax, ay] = [ca[0] - pa[p]![0], ca[1] - pa[p]![1]];
    const [bx, by] = [cb[0] - pb[p]![0], cb[1] - pb[p]![1]];
    const angleA = Math.atan2(ay, ax);
    const angle = angleA + t * angleDelta(angleA, Math.atan2(by, bx));
    const length = lerp(Math.hypot(ax, ay), Math.hypot(bx, by), t);
    return [parent[0] + length * Math.cos(angle), parent[1] + length * Math.sin(angle), flag];
  }
  if (near === null || !labeled(near[j])) return UNLABELED;
  const c = near[j]!;
  if (labeled(near[p]) && labeled(parent)) {
    return [parent[0] + c[0] - near[p]![0], parent[1] + c[1] - near[p]![1], c[2]];
  }
  return [c[0] + nearShift[0], c[1] + nearShift[1], c[2]];
}

/** `count` in-betweens of a and b at t = 1/(count+1), ..., count/(count+1), on a's canvas. */
export function interpolateSeries(a: PoseShape, b: PoseShape, count: number): AugmentedPose[] {
  return Array.from({ length: count }, (_, i) => ({
    width: a.width,
    height: a.height,
    keypoints: interpolateKeypoints(a, b, (i + 1) / (count + 1)),
  }));
}

export type AugmentRequest =
  | { mode: 'jitter'; count: number; seed: number; maxDegrees: number }
  | { mode: 'mirror' }
  | { mode: 'interpolate'; count: number; other: PoseShape };

/** The poses one augmentation request makes from `pose` (mirror: exactly one). */
export function augmentShapes(pose: PoseShape, request: AugmentRequest): AugmentedPose[] {
  if (request.mode === 'mirror') return [mirrorShape(pose)];
  if (request.mode === 'jitter') return jitterSeries(pose, request.count, request.seed, request.maxDegrees);
  return interpolateSeries(pose, request.other, request.count);
}

/** Lengths of the 19 COCO limbs (null where an end is unlabeled), for checks and tests. */
export function limbLengths(keypoints: readonly Keypoint[]): (number | null)[] {
  return COCO_LIMBS.map(([i, j]) => {
    const [p, q] = [keypoints[i], keypoints[j]];
    return labeled(p) && labeled(q) ? Math.hypot(p[0] - q[0], p[1] - q[1]) : null;
  });
}
