/**
 * @file Pose geometry on COCO-17 keypoints: boxes and counts of labeled points, normalisation,
 * OKS (the COCO keypoint similarity), mirroring with left/right swap, and near-duplicate
 * detection by OKS with a bucketing prefilter so large sets are not compared pair by pair.
 */
import { COCO_FLIP_PAIRS, COCO_SIGMAS } from './skeleton';
import type { Box, Keypoint } from './types';

const UNLABELED: Keypoint = [0, 0, 0];

/** Tight box [x, y, w, h] around the labeled (v > 0) keypoints, or null when none is labeled. */
export function keypointBox(keypoints: readonly Keypoint[]): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y, v] of keypoints) {
    if (v === 0) continue;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return minX === Infinity ? null : [minX, minY, maxX - minX, maxY - minY];
}

/** Keypoints with v > 0 (COCO's num_keypoints). */
export function labeledCount(keypoints: readonly Keypoint[]): number {
  let count = 0;
  for (const point of keypoints) if (point[2] > 0) count += 1;
  return count;
}

/** Keypoints with v = 2. */
export function visibleCount(keypoints: readonly Keypoint[]): number {
  let count = 0;
  for (const point of keypoints) if (point[2] === 2) count += 1;
  return count;
}

export type CenterScale = { cx: number; cy: number; scale: number };

/** Centre of the labeled keypoints' box and its longer side (at least 1e-6), or null. */
export function centerScale(keypoints: readonly Keypoint[]): CenterScale | null {
  const box = keypointBox(keypoints);
  if (box === null) return null;
  return { cx: box[0] + box[2] / 2, cy: box[1] + box[3] / 2, scale: Math.max(box[2], box[3], 1e-6) };
}

/** Keypoints moved so the labeled box is centred at the origin with its longer side 1. */
export function normalizeCenterScale(keypoints: readonly Keypoint[]): Keypoint[] {
  const cs = centerScale(keypoints);
  if (cs === null) return keypoints.map(() => UNLABELED);
  return keypoints.map(([x, y, v]) =>
    v === 0 ? UNLABELED : [(x - cs.cx) / cs.scale, (y - cs.cy) / cs.scale, v],
  );
}

/**
 * Keypoints scaled into the unit box: the labeled box's longer side becomes 1 and the pose is
 * centred in [0, 1] x [0, 1], keeping its aspect ratio.
 */
export function normalizeToUnitBox(keypoints: readonly Keypoint[]): Keypoint[] {
  return normalizeCenterScale(keypoints).map(([x, y, v]) => (v === 0 ? UNLABELED : [x + 0.5, y + 0.5, v]));
}

/**
 * Object keypoint similarity of `dt` against the reference `gt` (cocoeval.py's formula):
 * mean over gt's labeled joints of exp(-d^2 / (2 * area * (2 sigma)^2)). A joint labeled in gt
 * but not in dt counts 0 (COCO detections carry every joint; ours may not). `area` defaults to
 * the area of gt's labeled box (COCO uses the segment area, which a bare pose lacks).
 * Returns 0 when gt has no labeled joint.
 */
export function oks(gt: readonly Keypoint[], dt: readonly Keypoint[], area?: number): number {
  return oksAtLeast(gt, dt, -Infinity, area);
}

/**
 * OKS as above, but it may stop early and return any value below `floor` once the joints seen so
 * far already rule out reaching it (for filtering many candidates).
 */
function oksAtLeast(gt: readonly Keypoint[], dt: readonly Keypoint[], floor: number, area?: number): number {
  const box = keypointBox(gt);
  const s = area ?? (box === null ? 0 : box[2] * box[3]);
  const denominator = 2 * (s + Number.EPSILON);
  let count = 0;
  for (const point of gt) if (point[2] > 0) count += 1;
  if (count === 0) return 0;
  const allowedLoss = floor === -Infinity ? Infinity : count * (1 - floor);
  let loss = 0;
  for (let i = 0; i < gt.length; i += 1) {
    const g = gt[i]!;
    if (g[2] === 0) continue;
    const d = dt[i];
    let similarity = 0;
    if (d !== undefined && d[2] !== 0) {
      const k = 2 * (COCO_SIGMAS[i] ?? 0.1);
      const dx = d[0] - g[0];
      const dy = d[1] - g[1];
      similarity = Math.exp(-(dx * dx + dy * dy) / (denominator * k * k));
    }
    loss += 1 - similarity;
    if (loss > allowedLoss) return floor - 1;
  }
  return 1 - loss / count;
}

/**
 * Symmetric similarity of two poses regardless of position and size: both are normalised into
 * the unit box, then the lower of the two directed OKS values is taken.
 */
export function poseSimilarity(a: readonly Keypoint[], b: readonly Keypoint[]): number {
  const na = normalizeToUnitBox(a);
  const nb = normalizeToUnitBox(b);
  return Math.min(oks(na, nb), oks(nb, na));
}

/** Mirror within a canvas of `width`: x -> width - x, left and right joints swapped. */
export function mirrorPose(keypoints: readonly Keypoint[], width: number): Keypoint[] {
  const flipped = keypoints.map(([x, y, v]): Keypoint => (v === 0 ? UNLABELED : [width - x, y, v]));
  for (const [left, right] of COCO_FLIP_PAIRS) {
    const l = flipped[left];
    const r = flipped[right];
    if (l === undefined || r === undefined) continue;
    flipped[left] = r;
    flipped[right] = l;
  }
  return flipped;
}

/** Mirror a box within a canvas of `width`. */
export function mirrorBox(box: Box, width: number): Box {
  return [width - box[0] - box[2], box[1], box[2], box[3]];
}

export type DuplicatePair = { a: number; b: number; oks: number };
export type NearDuplicates = { pairs: DuplicatePair[]; groups: number[][] };

type Prepared = {
  index: number;
  points: Keypoint[];
  mask: number;
  cells: number[];
  key: string;
  /** Squared reach per joint (Infinity when unbounded), shared by the poses of one bucket. */
  reach2: number[];
};

function labeledMask(points: readonly Keypoint[]): number {
  let mask = 0;
  for (let i = 0; i < points.length; i += 1) if (points[i]![2] > 0) mask |= 1 << i;
  return mask;
}

/** The two labeled joints with the smallest sigma: the ones OKS pins down most tightly. */
function anchorJoints(mask: number): number[] {
  const joints: number[] = [];
  for (let i = 0; i < COCO_SIGMAS.length; i += 1) if (mask & (1 << i)) joints.push(i);
  return joints.sort((p, q) => COCO_SIGMAS[p]! - COCO_SIGMAS[q]! || p - q).slice(0, 2);
}

/**
 * Largest distance (unit-box coordinates) joint `i` can move while OKS stays >= threshold with n
 * labeled joints. With the mean of n terms >= t, each term is >= 1 - n(1 - t), which bounds that
 * joint's distance; the box area is at most 1 after normalisation. Infinity when no bound holds.
 */
function reach(i: number, n: number, threshold: number): number {
  const floor = 1 - n * (1 - threshold);
  if (floor <= 0) return Infinity;
  const k = 2 * COCO_SIGMAS[i]!;
  return Math.sqrt(-2 * k * k * Math.log(floor));
}

function cellOf(value: number, size: number): number {
  return Number.isFinite(size) ? Math.floor(value / size) : 0;
}

/** Keys of every grid cell within one step of `cells` in each dimension (3^d keys). */
function neighbourKeys(mask: number, cells: readonly number[]): string[] {
  let keys = [String(mask)];
  for (const cell of cells)
    keys = keys.flatMap((key) => [`${key}:${cell - 1}`, `${key}:${cell}`, `${key}:${cell + 1}`]);
  return keys;
}

function prepare(poses: readonly (readonly Keypoint[])[], threshold: number): Prepared[] {
  const prepared: Prepared[] = [];
  poses.forEach((pose, index) => {
    const points = normalizeToUnitBox(pose);
    const mask = labeledMask(points);
    if (mask === 0) return;
    const n = labeledCount(points);
    const reach2 = points.map((_, j) => reach(j, n, threshold) ** 2);
    const cells = anchorJoints(mask).flatMap((j) => {
      const size = Math.sqrt(reach2[j]!);
      return [cellOf(points[j]![0], size), cellOf(points[j]![1], size)];
    });
    prepared.push({ index, points, mask, cells, key: [mask, ...cells].join(':'), reach2 });
  });
  return prepared;
}

/** Cheap rejection before OKS: some joint moved further than OKS >= threshold allows. */
function outOfReach(a: Prepared, b: Prepared): boolean {
  for (let j = 0; j < a.points.length; j += 1) {
    const p = a.points[j]!;
    if (p[2] === 0) continue;
    const q = b.points[j]!;
    const dx = p[0] - q[0];
    const dy = p[1] - q[1];
    if (dx * dx + dy * dy > a.reach2[j]!) return true;
  }
  return false;
}

/** Union-find over pose indices, for single-linkage groups. */
class Groups {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
  /** Groups of two or more, each sorted, ordered by their first member. */
  list(members: Iterable<number>): number[][] {
    const groups = new Map<number, number[]>();
    for (const i of members) {
      const root = this.find(i);
      const group = groups.get(root);
      if (group) group.push(i);
      else groups.set(root, [i]);
    }
    return [...groups.values()]
      .filter((group) => group.length > 1)
      .map((group) => group.sort((p, q) => p - q))
      .sort((p, q) => p[0]! - q[0]!);
  }
}

/**
 * Near-duplicates: poses whose symmetric OKS (see poseSimilarity) is >= threshold, linked into
 * groups (single linkage; each group sorted, only groups of two or more; indices into `poses`).
 * `pairs` holds the links that formed the groups (a spanning forest), or with `allPairs` every
 * pair above the threshold, which in a large cluster of look-alikes is quadratic.
 *
 * Prefilter: poses are bucketed by their set of labeled joints and by the grid cell of their two
 * most tightly weighted joints; only neighbouring cells are compared, after a per-joint distance
 * check. For threshold > 16/17 (e.g. the default 0.95) this misses nothing: a joint labeled on one
 * side only caps OKS at 16/17, and every joint's reach is bounded. Lower thresholds still compare
 * only poses with the same labeled joints (exhaustively within such a bucket).
 */
export function findNearDuplicates(
  poses: readonly (readonly Keypoint[])[],
  threshold = 0.95,
  options: { allPairs?: boolean } = {},
): NearDuplicates {
  const prepared = prepare(poses, threshold);
  const buckets = new Map<string, Prepared[]>();
  const groups = new Groups(poses.length);
  const pairs: DuplicatePair[] = [];
  for (const item of prepared) {
    for (const key of neighbourKeys(item.mask, item.cells)) {
      for (const other of buckets.get(key) ?? []) {
        if (!options.allPairs && groups.find(item.index) === groups.find(other.index)) continue;
        if (outOfReach(item, other)) continue;
        const forward = oksAtLeast(item.points, other.points, threshold);
        if (forward < threshold) continue;
        const score = Math.min(forward, oksAtLeast(other.points, item.points, threshold));
        if (score < threshold) continue;
        pairs.push({ a: other.index, b: item.index, oks: score });
        groups.union(other.index, item.index);
      }
    }
    const bucket = buckets.get(item.key);
    if (bucket) bucket.push(item);
    else buckets.set(item.key, [item]);
  }
  return { pairs, groups: groups.list(new Set(pairs.flatMap(({ a, b }) => [a, b]))) };
}
