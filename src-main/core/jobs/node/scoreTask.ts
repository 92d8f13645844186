/**
 * @file One scoring work item as a quality worker runs it: decode the variant's RGB PNG with
 * sharp, hand the pixels and the variant's keypoints to the scorer, and return its scores, faces
 * and perceptual hash. The main thread only commits rows. Kept apart from the worker entry so it
 * is testable in-process with any scorer.
 */
import sharp from 'sharp';
import type { Keypoint } from '../../../contract';

/** What each quality worker thread is started with. */
export type QualityWorkerData = {
  /** Absolute path of a module exporting a `QualityScorer` (tests, plug-ins); null: the built-in one. */
  scorerModule: string | null;
  /** onnxruntime threads per worker. */
  threads: number;
};

export type ScoreTask = {
  variantId: number;
  /** Absolute path of the variant's RGB PNG. */
  rgbPath: string;
  keypoints: Keypoint[];
};

export type ScoredFace = {
  box: [number, number, number, number];
  score: number;
  keypoints: [number, number][];
};

export type ScoreResult = {
  variantId: number;
  scores: Record<string, number | null>;
  faces: ScoredFace[];
  phash: string | null;
  ms: number;
};

/** The scorer API the worker relies on (core/quality/node/scorer.ts implements it). */
export type ScorerLike = {
  score(input: {
    rgb: Uint8Array;
    width: number;
    height: number;
    channels: 3 | 4;
    keypoints: Keypoint[];
  }):
    | Promise<{ scores: Record<string, number | null>; faces: readonly ScoredFace[]; phash: string | null }>
    | { scores: Record<string, number | null>; faces: readonly ScoredFace[]; phash: string | null };
  dispose?(): void | Promise<void>;
};

export type ScorerFactory = { create(options: { threads?: number }): Promise<ScorerLike> };

/** Decode an image file (grey, RGB or RGBA; 8 or 16 bit) into 8-bit RGB pixels. */
export async function decodeRgb(
  path: string,
): Promise<{ rgb: Uint8Array; width: number; height: number; channels: 3 }> {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${path} decoded to ${info.channels} channels, 3 expected`);
  return {
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

/** Score one variant. Faces are copied to plain [x, y, w, h] / [x, y] arrays (nothing else crosses over). */
export async function runScoreTask(scorer: ScorerLike, task: ScoreTask): Promise<ScoreResult> {
  const started = performance.now();
  const image = await decodeRgb(task.rgbPath);
  const found = await scorer.score({ ...image, keypoints: task.keypoints });
  const faces = found.faces.map((face) => ({
    box: [face.box[0], face.box[1], face.box[2], face.box[3]] as [number, number, number, number],
    score: face.score,
    keypoints: face.keypoints.map(([x, y]) => [x, y] as [number, number]),
  }));
  return {
    variantId: task.variantId,
    scores: { ...found.scores },
    faces,
    phash: found.phash,
    ms: performance.now() - started,
  };
}
