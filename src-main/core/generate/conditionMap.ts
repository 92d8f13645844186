/**
 * @file The ControlNet-OpenPose condition image: a pure renderer of a COCO-17 pose into an RGBA8
 * buffer, following controlnet_aux `draw_bodypose` (the annotator ControlNet v1.1 OpenPose was
 * trained with): OpenPose-18 order with the neck from the shoulders, 17 limbs as filled ellipse
 * polygons (OpenCV ellipse2Poly, 1 degree step, semi-axes length/2 and stick width 4) in colour
 * x 0.6, then joints as filled radius-4 circles (OpenCV's midpoint circle) in full colour, on black.
 * The limb/colour tables are exported so the editor preview draws the same thing.
 */
import type { Keypoint } from '../../contract';
import { cocoToOpenpose18 } from '../pose/skeleton';
import { fitCanvas, fitKeypoints } from './fit';
import type { GeneratorPose } from './types';

/** Index i colours OpenPose-18 limb i and joint i (RGB). */
export const OPENPOSE_COLORS: readonly (readonly [number, number, number])[] = [
  [255, 0, 0],
  [255, 85, 0],
  [255, 170, 0],
  [255, 255, 0],
  [170, 255, 0],
  [85, 255, 0],
  [0, 255, 0],
  [0, 255, 85],
  [0, 255, 170],
  [0, 255, 255],
  [0, 170, 255],
  [0, 85, 255],
  [0, 0, 255],
  [85, 0, 255],
  [170, 0, 255],
  [255, 0, 255],
  [255, 0, 170],
  [255, 0, 85],
];

/** The 17 drawn limbs as 0-based OpenPose-18 index pairs (controlnet_aux limbSeq minus one). */
export const OPENPOSE_LIMBS: readonly (readonly [number, number])[] = [
  [1, 2],
  [1, 5],
  [2, 3],
  [3, 4],
  [5, 6],
  [6, 7],
  [1, 8],
  [8, 9],
  [9, 10],
  [1, 11],
  [11, 12],
  [12, 13],
  [1, 0],
  [0, 14],
  [14, 16],
  [0, 15],
  [15, 17],
];

export const OPENPOSE_STICK_WIDTH = 4;
export const OPENPOSE_JOINT_RADIUS = 4;
/** Limbs are filled with int(colour x 0.6) (controlnet_aux); on black this is 0.6 alpha. */
export const OPENPOSE_LIMB_ALPHA = 0.6;

export type ConditionMapOptions = {
  /** Semi-minor axis of a limb ellipse in pixels (4 for SD 1.5 at 512 px). */
  stickWidth?: number;
  jointRadius?: number;
  /** Treat occluded (v=1) joints as missing too; by default only unlabeled (v=0) ones are. */
  dropOccluded?: boolean;
};

type Rgb = readonly [number, number, number];

function put(rgba: Uint8Array, width: number, height: number, x: number, y: number, color: Rgb): void {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  const at = (y * width + x) * 4;
  rgba[at] = color[0];
  rgba[at + 1] = color[1];
  rgba[at + 2] = color[2];
}

function hline(rgba: Uint8Array, width: number, height: number, x0: number, x1: number, y: number, c: Rgb) {
  if (y < 0 || y >= height) return;
  for (let x = Math.max(x0, 0); x <= Math.min(x1, width - 1); x += 1) put(rgba, width, height, x, y, c);
}

/** cvRound: round half to even, as OpenCV does with the default FP rounding mode. */
function cvRound(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** OpenCV ellipse2Poly (integer overload) for a full ellipse with a 1 degree step. */
export function ellipsePolygon(cx: number, cy: number, a: number, b: number, angleDeg: number): number[] {
  let angle = angleDeg;
  while (angle < 0) angle += 360;
  while (angle > 360) angle -= 360;
  const rad = Math.PI / 180;
  const alpha = Math.cos(angle * rad);
  const beta = Math.sin(angle * rad);
  const points: number[] = [];
  let prevX = Number.NaN;
  let prevY = Number.NaN;
  for (let i = 0; i <= 360; i += 1) {
    const x = a * Math.cos(i * rad);
    const y = b * Math.sin(i * rad);
    const px = cvRound(cx + x * alpha - y * beta);
    const py = cvRound(cy + x * beta + y * alpha);
    if (px !== prevX || py !== prevY) points.push(px, py);
    prevX = px;
    prevY = py;
  }
  return points.length === 2 ? [cx, cy, cx, cy] : points;
}

/** Scanline fill of a convex polygon (flat x,y list), boundary pixels included. */
function fillConvex(rgba: Uint8Array, width: number, height: number, points: number[], color: Rgb): void {
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < points.length; i += 2) {
    minY = Math.min(minY, points[i]!);
    maxY = Math.max(maxY, points[i]!);
  }
  const n = points.length / 2;
  for (let y = Math.max(minY, 0); y <= Math.min(maxY, height - 1); y += 1) {
    let left = Infinity;
    let right = -Infinity;
    for (let i = 0; i < n; i += 1) {
      const j = (i + 1) % n;
      const [x0, y0, x1, y1] = [points[2 * i]!, points[2 * i + 1]!, points[2 * j]!, points[2 * j + 1]!];
      if ((y < y0 && y < y1) || (y > y0 && y > y1)) continue;
      if (y0 === y1) {
        left = Math.min(left, x0, x1);
        right = Math.max(right, x0, x1);
        continue;
      }
      const x = x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
    if (left <= right) hline(rgba, width, height, cvRound(left), cvRound(right), y, color);
  }
}

/** OpenCV's filled midpoint circle (cv2.circle, thickness -1, LINE_8). */
function fillCircle(rgba: Uint8Array, w: number, h: number, cx: number, cy: number, r: number, c: Rgb) {
  let err = 0;
  let dx = r;
  let dy = 0;
  let plus = 1;
  let minus = (r << 1) - 1;
  while (dx >= dy) {
    hline(rgba, w, h, cx - dx, cx + dx, cy - dy, c);
    hline(rgba, w, h, cx - dx, cx + dx, cy + dy, c);
    hline(rgba, w, h, cx - dy, cx + dy, cy - dx, c);
    hline(rgba, w, h, cx - dy, cx + dy, cy + dx, c);
    dy += 1;
    err += plus;
    plus += 2;
    const mask = (err <= 0 ? 1 : 0) - 1;
    err -= minus & mask;
    dx += mask;
    minus -= mask & 2;
  }
}

/**
 * Render COCO-17 keypoints (already in output pixels) as the OpenPose condition image:
 * RGBA8, width x height, opaque black background.
 */
export function renderConditionMap(
  keypoints: readonly Keypoint[],
  width: number,
  height: number,
  options: ConditionMapOptions = {},
): Uint8Array {
  const stick = options.stickWidth ?? OPENPOSE_STICK_WIDTH;
  const radius = options.jointRadius ?? OPENPOSE_JOINT_RADIUS;
  const minV = options.dropOccluded ? 2 : 1;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  const points = cocoToOpenpose18(keypoints);
  const present = (i: number): boolean => (points[i]?.[2] ?? 0) >= minV;
  OPENPOSE_LIMBS.forEach(([a, b], limb) => {
    if (!present(a) || !present(b)) return;
    const [xa, ya] = points[a]!;
    const [xb, yb] = points[b]!;
    const length = Math.hypot(xa - xb, ya - yb);
    const angle = Math.trunc((Math.atan2(ya - yb, xa - xb) * 180) / Math.PI);
    const polygon = ellipsePolygon(
      Math.trunc((xa + xb) / 2),
      Math.trunc((ya + yb) / 2),
      Math.trunc(length / 2),
      stick,
      angle,
    );
    const [cr, cg, cb] = OPENPOSE_COLORS[limb]!;
    const color: Rgb = [
      Math.trunc(cr * OPENPOSE_LIMB_ALPHA),
      Math.trunc(cg * OPENPOSE_LIMB_ALPHA),
      Math.trunc(cb * OPENPOSE_LIMB_ALPHA),
    ];
    fillConvex(rgba, width, height, polygon, color);
  });
  points.forEach((point, i) => {
    if (!present(i)) return;
    fillCircle(rgba, width, height, Math.trunc(point[0]), Math.trunc(point[1]), radius, OPENPOSE_COLORS[i]!);
  });
  return rgba;
}

/** The condition image of a pose fitted into `width x height` (aspect kept, centred), as generators place it. */
export function conditionMapForPose(
  pose: GeneratorPose,
  width: number = pose.width,
  height: number = pose.height,
  options: ConditionMapOptions = {},
): Uint8Array {
  const fit = fitCanvas(pose.width, pose.height, width, height);
  return renderConditionMap(fitKeypoints(pose.keypoints, fit), width, height, options);
}
