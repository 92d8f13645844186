/**
 * @file What the probes consume: frozen features of a set of images with their ground truth
 * (FeatureSet), its validation, and the deterministic average pooling of the patch-token grid
 * that keeps the keypoint probe's regression small.
 *
 * Why pool: the keypoint probe regresses joint coordinates from the patch tokens. Unpooled, a
 * 64 x 64 image with 8 x 8 patches of width 96 gives 6144 features; a ridge on 3000 images then
 * needs a 3000^2 kernel of 6144-long rows and a 3000^3 factorisation per lambda (dual; the primal
 * 6144^3 is worse): 56 s single-threaded for the five-alpha sweep, measured. Averaging the grid into
 * at most 4 x 4 cells keeps the layout the coordinates are read from (which cell a joint falls
 * in) while cutting the width to cells x D (1536 for D = 96), and the whole probe runs in a few
 * seconds (bench/probes.ts). Cells shrink further (keeping the grid's aspect) until cells x D
 * fits `maxFeatures`, so wider models get coarser cells instead of a slower probe.
 */

export interface FeatureSet {
  count: number;
  /** Width D of the [CLS] and [POSE] embeddings. */
  dim: number;
  /** count x D */
  cls: Float32Array;
  /** count x D ([POSE] token) when the model has one. */
  pose: Float32Array | null;
  /** count x patchDim: patch tokens in grid order (row-major), each patchDim / cells wide. */
  patches: Float32Array;
  patchDim: number;
  /** [rows, cols] of the patch grid in `patches` (after any pooling). */
  patchGrid: readonly [number, number];
  /**
   * Width / height of the image the keypoints are normalised by. Distances (PCK, OKS) are taken
   * in units of image height with x scaled by this, so they are proportional to pixels.
   */
  aspect: number;
  /** count x 51: x, y normalised to [0, 1] by the image width / height, v as is. */
  keypoints: Float32Array;
  poseIds: readonly number[];
  identities: readonly (string | null)[];
  attributes: readonly Readonly<Record<string, unknown>>[];
}

/** Channels per patch cell of a set. */
export const patchChannels = (set: FeatureSet): number =>
  set.patchDim / (set.patchGrid[0] * set.patchGrid[1]);

/** Throws naming the first field whose size does not match `count`. */
export function checkFeatureSet(set: FeatureSet, label = 'features'): void {
  const n = set.count;
  const expect = (field: string, actual: number, wanted: number) => {
    if (actual !== wanted) throw new Error(`${label}.${field}: ${actual} values, expected ${wanted}`);
  };
  expect('cls', set.cls.length, n * set.dim);
  if (set.pose) expect('pose', set.pose.length, n * set.dim);
  expect('patches', set.patches.length, n * set.patchDim);
  expect('keypoints', set.keypoints.length, n * 51);
  expect('poseIds', set.poseIds.length, n);
  expect('identities', set.identities.length, n);
  expect('attributes', set.attributes.length, n);
  const [rows, cols] = set.patchGrid;
  if (!(rows > 0 && cols > 0 && set.patchDim % (rows * cols) === 0))
    throw new Error(`${label}.patchGrid ${rows}x${cols} does not divide patchDim ${set.patchDim}`);
  if (!(set.aspect > 0)) throw new Error(`${label}.aspect must be positive`);
}

export const DEFAULT_MAX_PATCH_FEATURES = 1536;
const MAX_CELLS = 4;

/**
 * The pooled grid for a patch grid of `channels`-wide tokens: at most 4 x 4 cells, shrunk one
 * row or column at a time (the finer side first, so cells stay close to square in patches)
 * until cells x channels <= maxFeatures or a single cell is left.
 */
export function choosePoolCells(
  grid: readonly [number, number],
  channels: number,
  maxFeatures = DEFAULT_MAX_PATCH_FEATURES,
): [number, number] {
  let rows = Math.min(MAX_CELLS, grid[0]);
  let cols = Math.min(MAX_CELLS, grid[1]);
  while (rows * cols * channels > maxFeatures && rows * cols > 1) {
    const rowSpan = grid[0] / rows;
    const colSpan = grid[1] / cols;
    const shrinkRows =
      cols === 1 || (rows > 1 && (rowSpan < colSpan || (rowSpan === colSpan && rows > cols)));
    if (shrinkRows) rows -= 1;
    else cols -= 1;
  }
  return [rows, cols];
}

/** Cell c of `cells` covers grid lines [floor(c g / cells), floor((c + 1) g / cells)). */
const edge = (c: number, g: number, cells: number): number => Math.floor((c * g) / cells);

/**
 * Average-pools `count` row-major patch grids (grid[0] x grid[1] tokens of `channels`) into
 * cells[0] x cells[1] cells; uneven splits give neighbouring cells one patch more or less.
 */
export function poolPatchGrid(
  patches: Float32Array | Float64Array,
  count: number,
  grid: readonly [number, number],
  channels: number,
  cells: readonly [number, number],
): Float32Array {
  const [gh, gw] = grid;
  const [ch, cw] = cells;
  const inWidth = gh * gw * channels;
  const outWidth = ch * cw * channels;
  const out = new Float32Array(count * outWidth);
  const acc = new Float64Array(channels);
  for (let n = 0; n < count; n += 1) {
    for (let ci = 0; ci < ch; ci += 1) {
      for (let cj = 0; cj < cw; cj += 1) {
        acc.fill(0);
        const [r0, r1, c0, c1] = [
          edge(ci, gh, ch),
          edge(ci + 1, gh, ch),
          edge(cj, gw, cw),
          edge(cj + 1, gw, cw),
        ];
        for (let r = r0; r < r1; r += 1)
          for (let c = c0; c < c1; c += 1) {
            const o = n * inWidth + (r * gw + c) * channels;
            for (let k = 0; k < channels; k += 1) acc[k] = acc[k]! + patches[o + k]!;
          }
        const inv = 1 / ((r1 - r0) * (c1 - c0));
        const o = n * outWidth + (ci * cw + cj) * channels;
        for (let k = 0; k < channels; k += 1) out[o + k] = acc[k]! * inv;
      }
    }
  }
  return out;
}

/** The set's patch features pooled to at most `maxFeatures` (unchanged when already small). */
export function pooledPatches(
  set: FeatureSet,
  maxFeatures = DEFAULT_MAX_PATCH_FEATURES,
): { features: Float32Array; width: number; cells: [number, number] } {
  const channels = patchChannels(set);
  const cells = choosePoolCells(set.patchGrid, channels, maxFeatures);
  if (cells[0] === set.patchGrid[0] && cells[1] === set.patchGrid[1])
    return { features: set.patches, width: set.patchDim, cells };
  const features = poolPatchGrid(set.patches, set.count, set.patchGrid, channels, cells);
  return { features, width: cells[0] * cells[1] * channels, cells };
}
