/**
 * @file Probe 1 (methods.md 5.4): keypoint regression. A ridge head on the (pooled) patch tokens
 * plus an intercept predicts the 17 x 2 normalised joint coordinates; joints that are not
 * labelled carry no target (see linear.ts). Lambda is chosen on a held-out fold of the training
 * images split by pose (every fifth pose id, in sorted order, is held out), so the fold asks the
 * same question as the test set: poses the head has not seen.
 *
 * Scoring: the distance between the predicted and labelled joint is measured in units of image
 * height, with x scaled by the image aspect (width / height) so the distance is proportional to
 * pixels whatever the shape; PCK@0.1 is the share of labelled test joints within 0.1 image
 * heights (methods.md 5.4), meanError the mean of that distance.
 */
import { type FeatureSet, DEFAULT_MAX_PATCH_FEATURES, pooledPatches } from './featureSet';
import { type RidgeSweepPoint, predictLinear, ridgeRegression } from './linear';

export const KEYPOINTS = 17;
export const PCK_THRESHOLD = 0.1;

export interface KeypointProbeOptions {
  /** Ridge alphas (relative strengths) to sweep. */
  alphas?: readonly number[];
  /** Cap on the pooled patch-feature width (see featureSet.ts). */
  maxFeatures?: number;
  /** Every n-th pose id (sorted) goes to the lambda-selection fold. */
  validationEvery?: number;
}

export interface KeypointProbeResult {
  pck: number;
  meanError: number;
  trainRows: number;
  validationRows: number;
  testJoints: number;
  details: {
    cells: [number, number];
    features: number;
    form: 'primal' | 'dual';
    alpha: number;
    lambda: number;
    sweep: RidgeSweepPoint[];
    imputedTargets: number;
    imputationIterations: number;
  };
}

const labelled = (kp: Float32Array, item: number, joint: number): boolean =>
  kp[item * 51 + joint * 3 + 2]! > 0;

/** Rows with at least one labelled joint. */
function rowsWithJoints(set: FeatureSet): number[] {
  const rows: number[] = [];
  for (let i = 0; i < set.count; i += 1) {
    let any = false;
    for (let j = 0; j < KEYPOINTS && !any; j += 1) any = labelled(set.keypoints, i, j);
    if (any) rows.push(i);
  }
  return rows;
}

/** Per row, 1 when its pose id is one of every `every`-th distinct pose id in sorted order. */
export function poseFold(poseIds: readonly number[], every: number): Uint8Array {
  const distinct = [...new Set(poseIds)].sort((a, b) => a - b);
  const held = new Set(distinct.filter((_, i) => i % every === every - 1));
  return Uint8Array.from(poseIds, (id) => (held.has(id) ? 1 : 0));
}

function gatherRows(x: Float32Array, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(x.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/** Targets (rows x 34: x, y per joint) and their observed mask. */
function targetsOf(set: FeatureSet, rows: readonly number[]): { y: Float64Array; observed: Uint8Array } {
  const y = new Float64Array(rows.length * KEYPOINTS * 2);
  const observed = new Uint8Array(rows.length * KEYPOINTS * 2);
  rows.forEach((r, i) => {
    for (let j = 0; j < KEYPOINTS; j += 1) {
      if (!labelled(set.keypoints, r, j)) continue;
      const o = i * KEYPOINTS * 2 + j * 2;
      y[o] = set.keypoints[r * 51 + j * 3]!;
      y[o + 1] = set.keypoints[r * 51 + j * 3 + 1]!;
      observed[o] = 1;
      observed[o + 1] = 1;
    }
  });
  return { y, observed };
}

/** PCK and mean distance of predictions (test rows x 34) against the labelled test joints. */
export function scoreKeypoints(
  predicted: Float64Array,
  keypoints: Float32Array,
  count: number,
  aspect: number,
  threshold = PCK_THRESHOLD,
): { pck: number; meanError: number; joints: number } {
  let joints = 0;
  let hits = 0;
  let total = 0;
  for (let i = 0; i < count; i += 1)
    for (let j = 0; j < KEYPOINTS; j += 1) {
      if (!labelled(keypoints, i, j)) continue;
      const dx = (predicted[i * 34 + j * 2]! - keypoints[i * 51 + j * 3]!) * aspect;
      const dy = predicted[i * 34 + j * 2 + 1]! - keypoints[i * 51 + j * 3 + 1]!;
      const distance = Math.hypot(dx, dy);
      joints += 1;
      total += distance;
      if (distance <= threshold) hits += 1;
    }
  return { pck: joints > 0 ? hits / joints : 0, meanError: joints > 0 ? total / joints : 0, joints };
}

/** Null when the training set has no labelled joint or the test set has none to score. */
export function keypointProbe(
  train: FeatureSet,
  test: FeatureSet,
  options: KeypointProbeOptions = {},
): KeypointProbeResult | null {
  const rows = rowsWithJoints(train);
  if (rows.length < 2 || rowsWithJoints(test).length === 0) return null;
  if (train.patchGrid[0] !== test.patchGrid[0] || train.patchGrid[1] !== test.patchGrid[1])
    throw new Error('keypoint probe: train and test patch grids differ');
  const maxFeatures = options.maxFeatures ?? DEFAULT_MAX_PATCH_FEATURES;
  const trainPooled = pooledPatches(train, maxFeatures);
  const testPooled = pooledPatches(test, maxFeatures);
  const width = trainPooled.width;
  const x =
    rows.length === train.count ? trainPooled.features : gatherRows(trainPooled.features, width, rows);
  const { y, observed } = targetsOf(train, rows);
  const validation = poseFold(
    rows.map((r) => train.poseIds[r]!),
    options.validationEvery ?? 5,
  );
  const fit = ridgeRegression(x, rows.length, width, y, KEYPOINTS * 2, {
    observed,
    validation,
    ...(options.alphas ? { alphas: options.alphas } : {}),
  });
  const predicted = predictLinear(fit.model, testPooled.features, test.count);
  const score = scoreKeypoints(predicted, test.keypoints, test.count, test.aspect);
  return {
    pck: score.pck,
    meanError: score.meanError,
    trainRows: rows.length,
    validationRows: validation.reduce((s, v) => s + v, 0),
    testJoints: score.joints,
    details: {
      cells: trainPooled.cells,
      features: width,
      form: fit.form,
      alpha: fit.alpha,
      lambda: fit.lambda,
      sweep: fit.sweep,
      imputedTargets: fit.missing,
      imputationIterations: fit.iterations,
    },
  };
}
