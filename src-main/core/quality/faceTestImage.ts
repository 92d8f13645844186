/**
 * @file Synthetic faces for the feature tests, platform-free: a flat-shaded skin disc on a grey
 * background with optional eyes (white ellipse, dark iris), a hat band and extra blobs, and the
 * COCO keypoints that go with it. Test support only (imported by *.test.ts files).
 */
import type { PoseKeypoint } from './faceGeometry';
import type { ImageView } from './resample';

export const W = 120;
/** Face centre and the pose's eye keypoints (the head is about 44 px wide, see `faceKeypoints`). */
export const CX = 60;
export const CY = 60;
export const LEFT_EYE: [number, number] = [68, 56];
export const RIGHT_EYE: [number, number] = [52, 56];

type Rgb = readonly [number, number, number];
export const SKIN: Rgb = [200, 150, 120];

export type Painter = {
  img: ImageView;
  ellipse(cx: number, cy: number, rx: number, ry: number, c: Rgb): void;
  rect(x0: number, y0: number, x1: number, y1: number, c: Rgb): void;
};

/** A grey canvas with a skin disc of radius 24 at the face centre. */
export function canvas(): Painter {
  const data = new Uint8Array(W * W * 3).fill(128);
  const set = (x: number, y: number, c: Rgb): void => {
    if (x < 0 || y < 0 || x >= W || y >= W) return;
    data.set(c, (y * W + x) * 3);
  };
  const p: Painter = {
    img: { data, width: W, height: W, channels: 3 },
    ellipse(cx, cy, rx, ry, c) {
      for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y += 1) {
        for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x += 1) {
          const a = (x + 0.5 - cx) / rx;
          const b = (y + 0.5 - cy) / ry;
          if (a * a + b * b <= 1) set(x, y, c);
        }
      }
    },
    rect(x0, y0, x1, y1, c) {
      for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) set(x, y, c);
    },
  };
  p.ellipse(CX, CY, 24, 28, SKIN);
  return p;
}

/** An eye: white of 4.6 x 3.1 px around a dark iris of 1.5 px, centred at (x, y). */
export function eye(p: Painter, x: number, y: number, scale = 1): void {
  p.ellipse(x, y, 4.6 * scale, 3.1 * scale, [236, 232, 226]);
  p.ellipse(x, y, 1.5 * scale, 1.5 * scale, [60, 40, 30]);
}

/** COCO-17 keypoints of the synthetic face: nose, eyes and ears visible, the rest unlabelled. */
export function faceKeypoints(): PoseKeypoint[] {
  const k: PoseKeypoint[] = Array.from({ length: 17 }, () => [0, 0, 0] as const);
  k[0] = [CX, 64, 2];
  k[1] = [LEFT_EYE[0], LEFT_EYE[1], 2];
  k[2] = [RIGHT_EYE[0], RIGHT_EYE[1], 2];
  k[3] = [CX + 20, 58, 2];
  k[4] = [CX - 20, 58, 2];
  return k;
}
