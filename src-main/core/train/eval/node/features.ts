/**
 * @file Frozen features for the probes from an exported encoder (export.ts buildEncoderOnnx:
 * input `images` [batch, C, H, W] with a symbolic batch, outputs `cls` [batch, D], `pose`
 * [batch, D] when the model has a [POSE] token, `tokens` [batch, T, D] in the order
 * [CLS, POSE?, patches]). Images are the whole store images resized to the model's input
 * (augment.normalizeInto, no augmentation), run in batches (the last one smaller, so the model's
 * batch must be symbolic). The patch grid is read off T and the input size, and average-pooled
 * per image as it arrives (featureSet.ts explains why) so 3000 images of a wide model do not
 * hold every token in memory; keypoints are normalised by the image size, and their aspect
 * (store width / height, which loadImageStore keeps proportional to the source pixels) rides
 * along for pixel-proportional distances.
 */
import type { OnnxSession } from '../../../onnx/node/session';
import { type ImageStore, KEYPOINT_VALUES, normalizeInto } from '../../data/augment';
import { type FeatureSet, DEFAULT_MAX_PATCH_FEATURES, choosePoolCells, poolPatchGrid } from '../featureSet';

/** What the probes need to know about each store image. */
export interface SampleMeta {
  poseId: number;
  identity: string | null;
  attributes: Readonly<Record<string, unknown>>;
}

export interface ExtractInput {
  store: ImageStore;
  /** Ground truth per store image (aligned with the store's images). */
  samples: readonly SampleMeta[];
  /** Store images to extract, in the order of the returned set. */
  indices: readonly number[];
  /** The model's input [height, width]. */
  imageSize: readonly [number, number];
  /** Tokens before the patches: 1 ([CLS]) or 2 ([CLS], [POSE]). */
  prefixTokens: number;
  batchSize?: number;
  /** Patch features kept per image after pooling (null: the full grid, unpooled). */
  maxPatchFeatures?: number | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_FEATURE_BATCH = 32;

function abortError(): Error {
  const error = new Error('feature extraction was aborted');
  error.name = 'AbortError';
  return error;
}

/** The patch grid [rows, cols] of `patches` square patches tiling an h x w image. */
export function patchGridOf(patches: number, size: readonly [number, number]): [number, number] {
  const [h, w] = size;
  const side = Math.sqrt((h * w) / patches);
  const grid: [number, number] = [Math.round(h / side), Math.round(w / side)];
  if (!(patches > 0) || grid[0] * grid[1] !== patches || Math.abs(grid[0] * side - h) > 1e-6)
    throw new Error(`features: ${patches} patch tokens do not tile a ${h}x${w} image`);
  return grid;
}

interface Buffers {
  dim: number;
  tokens: number;
  grid: [number, number];
  cells: [number, number];
  cls: Float32Array;
  pose: Float32Array | null;
  patches: Float32Array;
}

function allocate(input: ExtractInput, dim: number, tokens: number, hasPose: boolean): Buffers {
  const count = input.indices.length;
  const grid = patchGridOf(tokens - input.prefixTokens, input.imageSize);
  const max = input.maxPatchFeatures === undefined ? DEFAULT_MAX_PATCH_FEATURES : input.maxPatchFeatures;
  const cells = max === null ? grid : choosePoolCells(grid, dim, max);
  return {
    dim,
    tokens,
    grid,
    cells,
    cls: new Float32Array(count * dim),
    pose: hasPose ? new Float32Array(count * dim) : null,
    patches: new Float32Array(count * cells[0] * cells[1] * dim),
  };
}

/** Copies one batch's outputs (images start..start+size) into the buffers. */
function store(
  buffers: Buffers,
  out: Record<string, Float32Array | Float64Array>,
  start: number,
  size: number,
  prefix: number,
) {
  const { dim, tokens, grid, cells } = buffers;
  const width = cells[0] * cells[1] * dim;
  buffers.cls.set(out.cls!.subarray(0, size * dim), start * dim);
  if (buffers.pose) buffers.pose.set(out.pose!.subarray(0, size * dim), start * dim);
  for (let b = 0; b < size; b += 1) {
    const own = out.tokens!.subarray((b * tokens + prefix) * dim, (b + 1) * tokens * dim);
    const pooled =
      cells[0] === grid[0] && cells[1] === grid[1] ? own : poolPatchGrid(own, 1, grid, dim, cells);
    buffers.patches.set(pooled, (start + b) * width);
  }
}

export async function extractFeatures(session: OnnxSession, input: ExtractInput): Promise<FeatureSet> {
  const { store: images, indices, imageSize, prefixTokens } = input;
  const [h, w] = imageSize;
  const count = indices.length;
  const batch = Math.max(1, input.batchSize ?? DEFAULT_FEATURE_BATCH);
  const hasPose = session.outputNames.includes('pose');
  const fetch = hasPose ? ['cls', 'pose', 'tokens'] : ['cls', 'tokens'];
  const pixels = new Float32Array(Math.min(batch, Math.max(count, 1)) * 3 * h * w);
  const keypoints = new Float32Array(count * KEYPOINT_VALUES);
  const meta = indices.map((i) => {
    const sample = input.samples[i];
    if (!sample || i >= images.count) throw new Error(`features: store image ${i} does not exist`);
    return sample;
  });
  let buffers: Buffers | null = null;
  for (let start = 0; start < count; start += batch) {
    if (input.signal?.aborted) throw abortError();
    const size = Math.min(batch, count - start);
    for (let b = 0; b < size; b += 1) {
      const kp = normalizeInto(pixels, b * 3 * h * w, images, indices[start + b]!, imageSize);
      for (let j = 0; j < KEYPOINT_VALUES; j += 3) {
        const at = (start + b) * KEYPOINT_VALUES + j;
        keypoints[at] = kp[j]! / w;
        keypoints[at + 1] = kp[j + 1]! / h;
        keypoints[at + 2] = kp[j + 2]!;
      }
    }
    const feeds = { images: { data: pixels.subarray(0, size * 3 * h * w), dims: [size, 3, h, w] } };
    const out = await session.runFloats(feeds, fetch);
    const dim = out.cls!.length / size;
    buffers ??= allocate(input, dim, out.tokens!.length / (size * dim), hasPose);
    store(buffers, out, start, size, prefixTokens);
    input.onProgress?.(start + size, count);
  }
  if (buffers === null) throw new Error('features: no images to extract');
  return {
    count,
    dim: buffers.dim,
    cls: buffers.cls,
    pose: buffers.pose,
    patches: buffers.patches,
    patchDim: buffers.cells[0] * buffers.cells[1] * buffers.dim,
    patchGrid: buffers.cells,
    aspect: images.width / images.height,
    keypoints,
    poseIds: meta.map((s) => s.poseId),
    identities: meta.map((s) => s.identity),
    attributes: meta.map((s) => s.attributes),
  };
}
