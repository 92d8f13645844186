/**
 * @file Facial-feature checks from the pose's own face keypoints, independent of BlazeFace,
 * platform-free. They ask two questions a curator asks of a face the pose shows:
 *
 * - Are there features where the pose puts the eyes? `featureContrast`: how strongly the
 *   strongest compact blob near each visible eye keypoint stands out from its neighbourhood (RGB
 *   distance from the neighbourhood's median colour, in 0..255 levels; the best eye counts). Eyes,
 *   brows and lashes stand out by a hundred levels or more; a face drawn without features, or
 *   blurred or smeared, does not; the edge of a hat or the hairline is not a blob and does not count.
 * - Are the eyes where the pose puts them, and of a plausible size? `locateEye` finds an eye near
 *   each visible eye keypoint as a compact blob brighter than the skin in every channel (the
 *   sclera) with a darker centre (the iris) that agrees with it; the offset from the keypoint and
 *   the blob's area, both in head widths, measure a distorted face (eyes moved, rescaled). An eye
 *   that cannot be found says nothing (null): that is the contrast check's business. Nor do two
 *   visible eyes whose keypoints lie too close to tell their whites apart (`EYES_APART_MIN`).
 *
 * Both need a face at least `FEATURE_MIN_FACE` pixels wide: below that an eye is a pixel or two.
 * Both skip a visible eye keypoint with little skin around it (`eyesOnFace`): the picture puts no
 * face there, so neither question can be asked of it.
 */
import { COCO, type HeadEstimate, type PoseKeypoint } from './faceGeometry';
import {
  discPixels,
  type FacePatch,
  filledRegion,
  floodComponent,
  maxLocalDeviation,
  medianAt,
  toPatch,
} from './facePatch';

/** Smallest head width (image pixels) the feature checks judge; smaller faces get null. */
export const FEATURE_MIN_FACE = 12;
/** Radius around an eye keypoint where its contrast is read, in head widths. */
export const CONTRAST_RADIUS = 0.08;
/** Side of the neighbourhood a pixel is compared with, in head widths (larger than an eye). */
export const CONTRAST_WINDOW = 0.35;
/** A feature's blob must stay within this distance of its keypoint, in head widths. */
export const FEATURE_REACH = 0.25;
/**
 * A blob is the pixels deviating at least this fraction of its peak, tried in turn. An eye right
 * under a cap's brim or a hat's band runs together with it at the lower level and is not a blob;
 * at the higher one its core (or the few brim pixels just above the keypoint) stands alone. On the
 * 4000-variant tune split the second level cleared 9 of 14 clean faces flagged for no feature
 * contrast; 15 of 320 faces drawn without features were no longer flagged by this check (all but
 * 3 still are by others, mostly the mouth).
 */
const BLOB_LEVELS = [0.6, 0.8] as const;
/** Smallest head width (image pixels) for the compactness test. */
export const COMPACT_MIN_FACE = 16;
/** How far from its keypoint an eye is looked for, in head widths. */
export const EYE_SEARCH = 0.22;
/** Least brightness above the skin (levels, darkest channel) for a sclera pixel. */
const SCLERA_MIN = 15;
/** Largest plausible eye, in square head widths (bigger bright blobs are hats, sky, walls). */
const EYE_MAX_AREA = 0.045;
/** Largest distance between the sclera's and the iris's centres, in head widths. */
const IRIS_AGREE = 0.03;
/**
 * Largest offset an eye found counts at, in head widths: a blob found this near the rim of the
 * EYE_SEARCH disc is as likely a neighbour (a brow highlight, an ear, the far eye of a turned head,
 * a hat's band) as the eye itself, and a distorted eye rarely moves that far (on the 4000-variant
 * tune split, faces flagged by nothing but an offset above it were 7 clean to 4 distorted). Such an
 * eye says nothing.
 */
export const EYE_RIM = 0.18;

const EYES = [COCO.leftEye, COCO.rightEye] as const;

/** Visible (v = 2) eye keypoints. */
function visibleEyes(keypoints: readonly PoseKeypoint[]): PoseKeypoint[] {
  return EYES.map((i) => keypoints[i]).filter((k): k is PoseKeypoint => k !== undefined && k[2] === 2);
}

/**
 * Deviation of each pixel within `radius` of (x, y) from the median colour of the `window` square
 * around it (-1 outside the disc).
 */
function deviationMap(p: FacePatch, x: number, y: number, radius: number, window: number): Float32Array {
  const d = new Float32Array(p.n * p.n).fill(-1);
  for (const i of discPixels(p, x, y, radius)) d[i] = maxLocalDeviation(p, [i], window);
  return d;
}

/**
 * Contrast of the strongest compact feature near (x, y): the largest deviation within
 * CONTRAST_RADIUS whose blob (pixels at least `BLOB_LEVELS` of it, 4-connected) stays inside the
 * disc of FEATURE_REACH. A feature is a blob; the edge of a hat, the hairline or the head's outline
 * runs on out of the disc and does not count. Faces under COMPACT_MIN_FACE pixels are too small for
 * the disc to separate a blob from its surroundings, so there the plain largest deviation counts.
 */
function eyeContrast(p: FacePatch, eye: PoseKeypoint, compact: boolean): number {
  const { x, y } = toPatch(p, eye);
  const window = Math.max(3, Math.round(CONTRAST_WINDOW * p.unit) | 1);
  const reach = FEATURE_REACH * p.unit;
  const dev = deviationMap(p, x, y, reach, window);
  const near = discPixels(p, x, y, Math.max(1, CONTRAST_RADIUS * p.unit)).sort((a, b) => dev[b]! - dev[a]!);
  if (!compact) return Math.max(0, dev[near[0] ?? -1] ?? 0);
  const onRim = (i: number): boolean =>
    Math.hypot((i % p.n) + 0.5 - x, Math.floor(i / p.n) + 0.5 - y) > reach - 1.5;
  const seen = new Set<string>();
  for (const start of near.slice(0, 12)) {
    const level = dev[start]!;
    if (level <= 0) break;
    for (const fraction of BLOB_LEVELS) {
      const mask = new Uint8Array(p.n * p.n);
      for (let i = 0; i < mask.length; i += 1) mask[i] = dev[i]! >= fraction * level ? 1 : 0;
      const blob = floodComponent(mask, new Int32Array(p.n * p.n), p.n, start, 1);
      const key = `${Math.min(...blob)}:${blob.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!blob.some(onRim)) return level;
    }
  }
  return 0;
}

/**
 * The strongest compact feature contrast near the visible eyes (levels 0..255), or null when the
 * pose shows no eye.
 */
export function featureContrast(p: FacePatch, keypoints: readonly PoseKeypoint[]): number | null {
  const eyes = visibleEyes(keypoints);
  if (eyes.length === 0) return null;
  const compact = p.unit / p.scale >= COMPACT_MIN_FACE;
  return Math.max(...eyes.map((eye) => eyeContrast(p, eye, compact)));
}

export type EyeFound = {
  /** Distance of the eye's centre from its keypoint, in head widths. */
  offset: number;
  /** Area of the sclera blob, in square head widths. */
  area: number;
};

type Candidate = { score: number; x: number; y: number; area: number; agree: number };

/** Sclera centroid, iris centroid and their agreement for one bright component, or null. */
function judgeComponent(
  p: FacePatch,
  comp: readonly number[],
  white: Float32Array,
  inWindow: (i: number) => boolean,
  k: { x: number; y: number },
  other: { x: number; y: number } | null,
): Candidate | null {
  const area = comp.length / (p.unit * p.unit);
  const outside = comp.filter((i) => !inWindow(i)).length;
  if (area > EYE_MAX_AREA || outside > 0.3 * comp.length) return null;
  let ws = 0;
  let wx = 0;
  let wy = 0;
  for (const i of comp) {
    ws += white[i]!;
    wx += white[i]! * ((i % p.n) + 0.5);
    wy += white[i]! * (Math.floor(i / p.n) + 0.5);
  }
  // The iris: whatever is darker than the sclera inside the blob's outline.
  const level = medianAt(p.luma, comp);
  let ds = 0;
  let dx = 0;
  let dy = 0;
  for (const i of filledRegion(comp, p.n)) {
    const d = Math.max(0, level - p.luma[i]!);
    ds += d;
    dx += d * ((i % p.n) + 0.5);
    dy += d * (Math.floor(i / p.n) + 0.5);
  }
  if (ds <= 1e-6 || ws <= 0) return null;
  const sx = wx / ws;
  const sy = wy / ws;
  // Nearer the other eye's keypoint: that eye, seen from here (a profile's far eye lies close).
  if (other && Math.hypot(sx - other.x, sy - other.y) < Math.hypot(sx - k.x, sy - k.y)) return null;
  const ix = dx / ds;
  const iy = dy / ds;
  const near = Math.hypot(sx - k.x, sy - k.y) / (0.1 * p.unit);
  return {
    score: ws * Math.exp(-near * near),
    x: (sx + ix) / 2,
    y: (sy + iy) / 2,
    area,
    agree: Math.hypot(sx - ix, sy - iy) / p.unit,
  };
}

/**
 * The eye near keypoint `eye`: among the bright (sclera-like) blobs within `EYE_SEARCH` of it and
 * nearer to it than to the `other` visible eye's keypoint, the strongest one near the keypoint, if
 * its iris agrees with it; null when there is none.
 */
export function locateEye(
  p: FacePatch,
  skin: readonly number[],
  eye: PoseKeypoint,
  otherEye: PoseKeypoint | null = null,
): EyeFound | null {
  const { x: kx, y: ky } = toPatch(p, eye);
  const other = otherEye ? toPatch(p, otherEye) : null;
  const skinMin = Math.min(skin[0]!, skin[1]!, skin[2]!);
  const n = p.n;
  const white = new Float32Array(n * n);
  for (let i = 0; i < n * n; i += 1) white[i] = Math.max(0, Math.min(p.r[i]!, p.g[i]!, p.b[i]!) - skinMin);
  const radius = EYE_SEARCH * p.unit;
  const window = discPixels(p, kx, ky, radius);
  const r2 = radius * radius;
  const inWindow = (i: number): boolean => {
    const dx = (i % n) + 0.5 - kx;
    const dy = Math.floor(i / n) + 0.5 - ky;
    return dx * dx + dy * dy <= r2;
  };
  let peak = 0;
  for (const i of window) peak = Math.max(peak, white[i]!);
  if (peak < SCLERA_MIN) return null;
  const floor = Math.max(SCLERA_MIN, 0.5 * peak);
  const mask = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i += 1) mask[i] = white[i]! >= floor ? 1 : 0;
  const label = new Int32Array(n * n);
  let best: Candidate | null = null;
  let id = 0;
  for (const seed of window) {
    if (!mask[seed] || label[seed] !== 0) continue;
    id += 1;
    const c = judgeComponent(
      p,
      floodComponent(mask, label, n, seed, id),
      white,
      inWindow,
      { x: kx, y: ky },
      other,
    );
    if (c && (!best || c.score > best.score)) best = c;
  }
  if (!best || best.agree >= IRIS_AGREE) return null;
  const offset = Math.hypot(best.x - kx, best.y - ky) / p.unit;
  return offset > EYE_RIM ? null : { offset, area: best.area };
}

export type EyeMeasures = {
  /** Largest offset of a found eye from its keypoint (head widths), null when none was found. */
  offset: number | null;
  /** Largest found eye's sclera area (square head widths), null when none was found. */
  size: number | null;
};

/**
 * Least distance between the two visible eye keypoints, in head widths, for the eyes to be told
 * apart: closer (a face turned far to one side), their whites run together into one blob, neither
 * where one keypoint is nor the size of one eye.
 */
export const EYES_APART_MIN = 0.22;

/**
 * Offsets and sizes of the eyes found near the visible eye keypoints; none when the two visible eye
 * keypoints are closer than EYES_APART_MIN.
 */
export function measureEyes(
  p: FacePatch,
  skin: readonly number[],
  keypoints: readonly PoseKeypoint[],
): EyeMeasures {
  let offset: number | null = null;
  let size: number | null = null;
  const eyes = visibleEyes(keypoints);
  if (eyes.length === 2) {
    const apart = Math.hypot(eyes[0]![0] - eyes[1]![0], eyes[0]![1] - eyes[1]![1]) * p.scale;
    if (apart < EYES_APART_MIN * p.unit) return { offset, size };
  }
  for (const eye of eyes) {
    const found = locateEye(p, skin, eye, eyes.find((e) => e !== eye) ?? null);
    if (!found) continue;
    offset = Math.max(offset ?? 0, found.offset);
    size = Math.max(size ?? 0, found.area);
  }
  return { offset, size };
}

/** Radius around an eye keypoint where the face's skin is looked for, in head widths. */
export const ON_FACE_RADIUS = 0.12;
/** Largest colour distance (levels, worst channel) of a pixel counted as skin. */
const SKIN_NEAR = 40;
/** Least fraction of skin pixels around an eye keypoint for the eye to lie on the drawn face. */
export const ON_FACE_SKIN = 0.2;

/**
 * The keypoints with every visible eye that does not lie on the drawn face lowered to v = 1: too
 * few skin-coloured pixels around it. There the pose calls an eye visible that the picture does not
 * put on the face (the keypoint lies on the background beside the head, or under a hat), and
 * neither the feature contrast nor the eye locator can say anything about it: what they find there
 * is the head's outline or a hat's edge.
 */
export function eyesOnFace(
  p: FacePatch,
  skin: readonly number[],
  keypoints: readonly PoseKeypoint[],
): PoseKeypoint[] {
  return keypoints.map((k, i) => {
    if (!(EYES as readonly number[]).includes(i) || k[2] !== 2) return k;
    const { x, y } = toPatch(p, k);
    const disc = discPixels(p, x, y, Math.max(1, ON_FACE_RADIUS * p.unit));
    const near = disc.filter(
      (j) =>
        Math.max(Math.abs(p.r[j]! - skin[0]!), Math.abs(p.g[j]! - skin[1]!), Math.abs(p.b[j]! - skin[2]!)) <=
        SKIN_NEAR,
    ).length;
    return near >= ON_FACE_SKIN * disc.length ? k : [k[0], k[1], 1];
  });
}

/** True when the face is large enough for the feature checks. */
export function featuresJudgeable(head: HeadEstimate): boolean {
  return head.size >= FEATURE_MIN_FACE;
}
