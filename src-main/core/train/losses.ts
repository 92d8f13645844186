/**
 * @file Contrastive losses for the training graph (see shared/research/methods.md):
 * - multiPositiveLoss: StableRep's multi-positive contrastive loss (GenPoCCL's L_mp). Embeddings
 *   are L2-normalised, logits z z^T / tau with the diagonal pushed to -1e9 (self is neither
 *   positive nor negative), the target is uniform over the other members of the anchor's group,
 *   and the loss is the cross-entropy between target and softmax. Unlike StableRep's code, which
 *   averages over all rows, rows without any positive are left out of the mean (they carry no
 *   signal and would only dilute the loss when batches mix group sizes).
 * - infoNceTwoView: symmetric two-view InfoNCE (the positive of a_i is b_i, the negatives are
 *   the other b_j, and vice versa), averaged over both directions. HAP's L_align equals
 *   4 * temperature times this value (its two directions are summed and each scaled by 2T).
 * The masks and targets are built untaped: they depend only on the group ids, never on
 * parameters, so autodiff need not walk them.
 */
import type { Graph, Tensor } from './graph';
import * as nn from './nn';
import * as op from './ops';
import { fmt } from './shape';

/** A value that no logit reaches, so exp() underflows to exactly 0 (float32 and float64). */
const EXCLUDED = -1e9;

function checkEmbeddings(name: string, z: Tensor, graph: Graph): number {
  if (z.graph !== graph) throw new Error(`${name}: embeddings belong to another graph`);
  if (z.shape.length !== 2) throw new Error(`${name}: embeddings must be [B, E], got ${fmt(z.shape)}`);
  return z.shape[0] as number;
}

/** The identity pattern as a [B, B] constant of the given dtype (bool masks or float weights). */
function eye(graph: Graph, b: number, dtype: 'bool' | 'float'): Tensor {
  const v = new Float64Array(b * b);
  for (let i = 0; i < b; i++) v[i * b + i] = 1;
  return dtype === 'bool' ? graph.constant(v, [b, b], 'bool') : graph.constant(v, [b, b]);
}

const isTensor = (x: Tensor | readonly number[]): x is Tensor => 'graph' in x;

/** Runs `build` with taping off: constant-only subgraphs need no backward pass. */
function untaped<T>(graph: Graph, build: () => T): T {
  const was = graph.taping;
  graph.taping = false;
  try {
    return build();
  } finally {
    graph.taping = was;
  }
}

interface Targets {
  /** [B, B] rows summing to 1 over same-group others (all zero for rows with no positive). */
  target: Tensor;
  /** Scalar: the number of rows that have at least one positive (at least 1, to divide by). */
  rows: Tensor;
}

function groupTargets(graph: Graph, ids: Tensor, b: number): Targets {
  return untaped(graph, () => {
    const c = (v: number) => graph.scalar(v);
    const same = op.equal(op.unsqueeze(ids, [1]), op.unsqueeze(ids, [0])); // [B, B] bool
    const others = op.where(eye(graph, b, 'bool'), c(0), op.where(same, c(1), c(0)));
    const count = op.reduceSum(others, [-1], true); // [B, 1]
    const has = op.greater(count, c(0));
    const target = op.div(others, op.where(has, count, c(1)));
    const valid = op.reduceSum(op.where(has, c(1), c(0)));
    return { target, rows: op.where(op.greater(valid, c(0)), valid, c(1)) };
  });
}

/**
 * StableRep / GenPoCCL multi-positive loss on z [B, E]. `groupIds` is an int64 [B] tensor (a
 * graph input fed per batch) or fixed ids baked in as a constant; equal ids are positives.
 */
export function multiPositiveLoss(
  graph: Graph,
  z: Tensor,
  groupIds: Tensor | readonly number[],
  temperature: number,
): Tensor {
  const b = checkEmbeddings('multiPositiveLoss', z, graph);
  if (!isTensor(groupIds) && groupIds.length !== b)
    throw new Error(`multiPositiveLoss: ${groupIds.length} group ids for int64 [${b}] embeddings`);
  const ids = isTensor(groupIds) ? groupIds : graph.constant(groupIds, [b], 'int64');
  if (ids.dtype !== 'int64' || ids.shape.length !== 1 || ids.shape[0] !== b)
    throw new Error(`multiPositiveLoss: group ids must be int64 [${b}], got ${ids.dtype} ${fmt(ids.shape)}`);
  const { target, rows } = groupTargets(graph, ids, b);
  const zn = nn.l2Normalize(z);
  const logits = op.div(op.matmul(zn, op.transpose(zn, [1, 0])), graph.scalar(temperature));
  const masked = op.where(eye(graph, b, 'bool'), graph.scalar(EXCLUDED), logits);
  const rowLoss = op.neg(op.reduceSum(op.mul(target, nn.logSoftmax(masked)), [-1]));
  return op.div(op.reduceSum(rowLoss), rows);
}

/** Mean cross-entropy of each row of logits [B, B] against its diagonal entry. */
function diagonalCrossEntropy(graph: Graph, logits: Tensor, b: number): Tensor {
  const picked = op.reduceSum(op.mul(nn.logSoftmax(logits), eye(graph, b, 'float')), [-1]);
  return op.neg(nn.mean(picked));
}

/** Symmetric InfoNCE between two views a, b [B, E]: row i of a matches row i of b. */
export function infoNceTwoView(graph: Graph, a: Tensor, b: Tensor, temperature: number): Tensor {
  const n = checkEmbeddings('infoNceTwoView', a, graph);
  if (checkEmbeddings('infoNceTwoView', b, graph) !== n || a.shape[1] !== b.shape[1])
    throw new Error(`infoNceTwoView: views ${fmt(a.shape)} and ${fmt(b.shape)} differ`);
  const an = nn.l2Normalize(a);
  const bn = nn.l2Normalize(b);
  const logits = op.div(op.matmul(an, op.transpose(bn, [1, 0])), graph.scalar(temperature));
  const ab = diagonalCrossEntropy(graph, logits, n);
  const ba = diagonalCrossEntropy(graph, op.transpose(logits, [1, 0]), n);
  return op.mul(op.add(ab, ba), graph.scalar(0.5));
}
