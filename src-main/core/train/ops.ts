/**
 * @file Differentiable primitive ops with build-time shape inference. Each op emits exactly one
 * ONNX node and, when it is differentiable, one tape entry named after its gradient rule in
 * autodiff.ts. Composite layers (GELU, softmax, LayerNorm) are built from these in nn.ts so
 * that every gradient is a rule checked by the finite-difference checker.
 */
import type { Tensor } from './graph';
import { type Shape, broadcast, fmt, normAxes, reducedShape, reshapeTarget, sameShape } from './shape';

function checkFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts)
    if (t.dtype !== t.graph.dtype)
      throw new Error(`${op}: ${t.name} is ${t.dtype}, expected ${t.graph.dtype}`);
}

function binary(op: string, a: Tensor, b: Tensor): Tensor {
  checkFloat(op, a, b);
  return a.graph.emit(op, [a, b], broadcast(op, a.shape, b.shape), { tapeOp: op });
}

export const add = (a: Tensor, b: Tensor): Tensor => binary('Add', a, b);
export const sub = (a: Tensor, b: Tensor): Tensor => binary('Sub', a, b);
export const mul = (a: Tensor, b: Tensor): Tensor => binary('Mul', a, b);
export const div = (a: Tensor, b: Tensor): Tensor => binary('Div', a, b);

function unary(op: string, x: Tensor): Tensor {
  checkFloat(op, x);
  return x.graph.emit(op, [x], x.shape, { tapeOp: op });
}

export const neg = (x: Tensor): Tensor => unary('Neg', x);
export const exp = (x: Tensor): Tensor => unary('Exp', x);
export const log = (x: Tensor): Tensor => unary('Log', x);
export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x);
export const relu = (x: Tensor): Tensor => unary('Relu', x);
export const tanh = (x: Tensor): Tensor => unary('Tanh', x);
/** No float64 kernel on the CPU EP: float32 graphs only (the checker runs it in float32). */
export const erf = (x: Tensor): Tensor => unary('Erf', x);
export const identity = (x: Tensor): Tensor => unary('Identity', x);

/** Identity that autodiff does not see: the gradient stops here (e.g. softmax's max shift). */
export const detach = (x: Tensor): Tensor => x.graph.emit('Identity', [x], x.shape);

/** x ** p for a constant exponent. */
export function pow(x: Tensor, p: number): Tensor {
  checkFloat('Pow', x);
  return x.graph.emit('Pow', [x, x.graph.scalar(p)], x.shape, { tapeOp: 'Pow', info: { exponent: p } });
}

/** Batched matrix product (rank >= 2 on both sides; batch dims broadcast). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkFloat('MatMul', a, b);
  if (a.shape.length < 2 || b.shape.length < 2)
    throw new Error(`MatMul: rank-1 operands are not supported (${fmt(a.shape)} @ ${fmt(b.shape)})`);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  if (k !== k2) throw new Error(`MatMul: inner dims differ, ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const batch = broadcast('MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  a.graph.matmulFlops += 2 * batch.reduce((p, d) => p * d, 1) * m * n * k;
  return a.graph.emit('MatMul', [a, b], [...batch, m, n], { tapeOp: 'MatMul' });
}

type ReduceOp = 'ReduceSum' | 'ReduceMean' | 'ReduceMax';

function reduce(op: ReduceOp, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean): Tensor {
  checkFloat(op, x);
  const g = x.graph;
  const ax = normAxes(op, axes ?? x.shape.map((_, i) => i), x.shape.length);
  const shape = reducedShape(x.shape, ax, keepdims);
  const info = { axes: ax, keepdims };
  const k = keepdims ? 1 : 0;
  // ReduceSum takes axes as an input from opset 13; ReduceMean/ReduceMax only from 18.
  if (op === 'ReduceSum' || g.opset >= 18)
    return g.emit(op, [x, g.int64s(ax)], shape, { attrs: { keepdims: k }, tapeOp: op, info });
  return g.emit(op, [x], shape, { attrs: { axes: ax, keepdims: k }, tapeOp: op, info });
}

/** Sum over `axes` (all axes when omitted). */
export const reduceSum = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceSum', x, axes, keepdims);
export const reduceMean = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceMean', x, axes, keepdims);
export const reduceMax = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceMax', x, axes, keepdims);

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = reshapeTarget(x.shape, shape);
  return x.graph.emit('Reshape', [x, x.graph.int64s(target)], target, { tapeOp: 'Reshape' });
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const p = [...perm];
  if (p.length !== x.shape.length || ![...p].sort((a, b) => a - b).every((v, i) => v === i))
    throw new Error(`Transpose: bad perm [${p.join(',')}] for ${fmt(x.shape)}`);
  const shape = p.map((i) => x.shape[i] as number);
  return x.graph.emit('Transpose', [x], shape, {
    attrs: { perm: p },
    tapeOp: 'Transpose',
    info: { perm: p },
  });
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const first = xs[0];
  if (!first) throw new Error('Concat: no inputs');
  const [ax] = normAxes('Concat', [axis], first.shape.length) as [number];
  let size = 0;
  for (const x of xs) {
    const ok =
      x.shape.length === first.shape.length && x.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new Error(`Concat: ${fmt(x.shape)} does not match ${fmt(first.shape)} off axis ${ax}`);
    size += x.shape[ax] as number;
  }
  const shape = first.shape.map((d, i) => (i === ax ? size : d));
  return first.graph.emit('Concat', xs, shape, { attrs: { axis: ax }, tapeOp: 'Concat', info: { axis: ax } });
}

/** x[starts:ends] along `axes` with step 1; bounds are clamped like numpy. */
export function slice(
  x: Tensor,
  starts: readonly number[],
  ends: readonly number[],
  axes: readonly number[],
): Tensor {
  const ax = axes.map((a) => normAxes('Slice', [a], x.shape.length)[0] as number);
  const clamp = (v: number, d: number) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
  const st = ax.map((a, i) => clamp(starts[i] ?? 0, x.shape[a] as number));
  const en = ax.map((a, i) => clamp(ends[i] ?? 0, x.shape[a] as number));
  const shape = x.shape.map((d, i) => {
    const j = ax.indexOf(i);
    return j < 0 ? d : Math.max(0, (en[j] as number) - (st[j] as number));
  });
  if (shape.some((d) => d === 0)) throw new Error(`Slice: empty result from ${fmt(x.shape)}`);
  const g = x.graph;
  return g.emit('Slice', [x, g.int64s(st), g.int64s(en), g.int64s(ax)], shape, {
    tapeOp: 'Slice',
    info: { starts: st, ends: en, axes: ax },
  });
}

/** Rows of `x` (axis 0) picked by an int64 index tensor; repeated indices are fine. */
export function gather(x: Tensor, indices: Tensor): Tensor {
  if (indices.dtype !== 'int64') throw new Error(`Gather: indices must be int64, got ${indices.dtype}`);
  const shape = [...indices.shape, ...x.shape.slice(1)];
  return x.graph.emit('Gather', [x, indices], shape, { attrs: { axis: 0 }, tapeOp: 'Gather' });
}

export function expand(x: Tensor, shape: Shape): Tensor {
  const out = broadcast('Expand', x.shape, shape);
  if (!sameShape(out, shape)) throw new Error(`Expand: ${fmt(x.shape)} does not expand to ${fmt(shape)}`);
  return x.graph.emit('Expand', [x, x.graph.int64s([...shape])], out, { tapeOp: 'Expand' });
}

export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  const rank = x.shape.length + axes.length;
  const ax = normAxes('Unsqueeze', axes, rank);
  const shape: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) shape.push(ax.includes(i) ? 1 : (x.shape[j++] as number));
  return x.graph.emit('Unsqueeze', [x, x.graph.int64s(ax)], shape, { tapeOp: 'Unsqueeze' });
}

export function squeeze(x: Tensor, axes: readonly number[]): Tensor {
  const ax = normAxes('Squeeze', axes, x.shape.length);
  if (ax.some((a) => x.shape[a] !== 1))
    throw new Error(`Squeeze: axes ${ax.join(',')} of ${fmt(x.shape)} not 1`);
  const shape = x.shape.filter((_, i) => !ax.includes(i));
  return x.graph.emit('Squeeze', [x, x.graph.int64s(ax)], shape, { tapeOp: 'Squeeze' });
}

/** cond ? a : b with three-way broadcasting; cond is bool and gets no gradient. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  if (cond.dtype !== 'bool') throw new Error(`Where: condition must be bool, got ${cond.dtype}`);
  checkFloat('Where', a, b);
  const shape = broadcast('Where', broadcast('Where', cond.shape, a.shape), b.shape);
  return a.graph.emit('Where', [cond, a, b], shape, { dtype: a.dtype, tapeOp: 'Where' });
}

function compare(op: 'Equal' | 'Greater', a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes ${a.dtype} and ${b.dtype} differ`);
  return a.graph.emit(op, [a, b], broadcast(op, a.shape, b.shape), { dtype: 'bool' });
}

/** Elementwise comparisons (not differentiable: they produce bool masks). */
export const equal = (a: Tensor, b: Tensor): Tensor => compare('Equal', a, b);
export const greater = (a: Tensor, b: Tensor): Tensor => compare('Greater', a, b);
