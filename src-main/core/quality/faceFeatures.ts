/**
 * @file Facial-feature checks from the pose's own face keypoints, independent of BlazeFace,
 * platform-free. They ask two questions a curator asks of a face the pose shows:
 *
 * - Are there features where the pose puts the eyes? `featureContrast`: how strongly the pixels
 *   near each visible eye keypoint stand out from their neighbourhood (RGB distance from the
 *   neighbourhood's median colour, in 0..255 levels; the best eye counts). Eyes, brows and lashes
 *   stand out by tens of levels; a face drawn without features, or blurred or smeared, does not.
 * - Are the eyes where the pose puts them, and of a plausible size? `locateEye` finds an eye near
 *   each visible eye keypoint as a compact blob brighter than the skin in every channel (the
 *   sclera) with a darker centre (the iris) that agrees with it; the offset from the keypoint and
 *   the blob's area, both in head widths, measure a distorted face (eyes moved, rescaled). An eye
 *   that cannot be found says nothing (null): that is the contrast check's business.
 *
 * Both need a face at least `FEATURE_MIN_FACE` pixels wide: below that an eye is a pixel or two.
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
/** How far from its keypoint an eye is looked for, in head widths. */
export const EYE_SEARCH = 0.22;
/** Least brightness above the skin (levels, darkest channel) for a sclera pixel. */
const SCLERA_MIN = 15;
/** Largest plausible eye, in square head widths (bigger bright blobs are hats, sky, walls). */
const EYE_MAX_AREA = 0.045;
/** Largest distance between the sclera's and the iris's centres, in head widths. */
const IRIS_AGREE = 0.03;

const EYES = [COCO.leftEye, COCO.rightEye] as const;

/** Visible (v = 2) eye keypoints. */
function visibleEyes(keypoints: readonly PoseKeypoint[]): PoseKeypoint[] {
  return EYES.map((i) => keypoints[i]).filter((k): k is PoseKeypoint => k !== undefined && k[2] === 2);
}

/** The strongest local contrast near the visible eyes (levels), or null when no eye is visible. */
export function featureContrast(p: FacePatch, keypoints: readonly PoseKeypoint[]): number | null {
  const eyes = visibleEyes(keypoints);
  if (eyes.length === 0) return null;
  const window = Math.max(3, Math.round(CONTRAST_WINDOW * p.unit) | 1);
  let best = 0;
  for (const eye of eyes) {
    const { x, y } = toPatch(p, eye);
    const disc = discPixels(p, x, y, Math.max(1, CONTRAST_RADIUS * p.unit));
    best = Math.max(best, maxLocalDeviation(p, disc, window));
  }
  return best;
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
  kx: number,
  ky: number,
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
  const ix = dx / ds;
  const iy = dy / ds;
  const near = Math.hypot(sx - kx, sy - ky) / (0.1 * p.unit);
  return {
    score: ws * Math.exp(-near * near),
    x: (sx + ix) / 2,
    y: (sy + iy) / 2,
    area,
    agree: Math.hypot(sx - ix, sy - iy) / p.unit,
  };
}

/**
 * The eye near keypoint `eye`: among the bright (sclera-like) blobs within `EYE_SEARCH` of it, the
 * strongest one near the keypoint, if its iris agrees with it; null when there is none.
 */
export function locateEye(p: FacePatch, skin: readonly number[], eye: PoseKeypoint): EyeFound | null {
  const { x: kx, y: ky } = toPatch(p, eye);
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
    const c = judgeComponent(p, floodComponent(mask, label, n, seed, id), white, inWindow, kx, ky);
    if (c && (!best || c.score > best.score)) best = c;
  }
  if (!best || best.agree >= IRIS_AGREE) return null;
  return { offset: Math.hypot(best.x - kx, best.y - ky) / p.unit, area: best.area };
}

export type EyeMeasures = {
  /** Largest offset of a found eye from its keypoint (head widths), null when none was found. */
  offset: number | null;
  /** Largest found eye's sclera area (square head widths), null when none was found. */
  size: number | null;
};

/** Offsets and sizes of the eyes found near the visible eye keypoints. */
export function measureEyes(
  p: FacePatch,
  skin: readonly number[],
  keypoints: readonly PoseKeypoint[],
): EyeMeasures {
  let offset: number | null = null;
  let size: number | null = null;
  for (const eye of visibleEyes(keypoints)) {
    const found = locateEye(p, skin, eye);
    if (!found) continue;
    offset = Math.max(offset ?? 0, found.offset);
    size = Math.max(size ?? 0, found.area);
  }
  return { offset, size };
}

/** True when the face is large enough for the feature checks. */
export function featuresJudgeable(head: HeadEstimate): boolean {
  return head.size >= FEATURE_MIN_FACE;
}
