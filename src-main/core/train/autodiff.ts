/**
 * @file Reverse-mode autodiff over the graph's tape: one gradient rule per taped primitive,
 * emitted as ordinary ONNX nodes into the same graph (so one session runs forward, backward and
 * the optimizer). Broadcasting ops sum their gradient over the broadcast axes and reshape it back
 * (`sumTo`), decided at build time because all shapes are static. GRAD_RULES is exported so the
 * finite-difference checker's test can require a case for every rule.
 */
import type { Tensor, TapeEntry } from './graph';
import * as op from './ops';
import { type Shape, reducedShape, sameShape, unbroadcastAxes } from './shape';

type Grads = (Tensor | null)[];
export type GradRule = (e: TapeEntry, gy: Tensor) => Grads;

/** Sums a gradient over the axes along which `shape` was broadcast, then restores `shape`. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const axes = unbroadcastAxes(shape, g.shape);
  const summed = axes.length ? op.reduceSum(g, axes, true) : g;
  return sameShape(summed.shape, shape) ? summed : op.reshape(summed, [...shape]);
}

const inputOf = (e: TapeEntry, i: number): Tensor => {
  const t = e.inputs[i];
  if (!t) throw new Error(`${e.op}: missing input ${i}`);
  return t;
};

/** Swaps the last two axes (the transpose a MatMul gradient needs). */
function swapLast(x: Tensor): Tensor {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
  return op.transpose(x, perm);
}

/** Broadcasts a reduction's gradient back over the reduced axes. */
function unreduce(e: TapeEntry, gy: Tensor): Tensor {
  const x = inputOf(e, 0);
  const kept = reducedShape(x.shape, e.info.axes ?? [], true);
  const g = sameShape(gy.shape, kept) ? gy : op.reshape(gy, kept);
  return op.expand(g, x.shape);
}

function matmulGrad(e: TapeEntry, gy: Tensor): Grads {
  const a = inputOf(e, 0);
  const b = inputOf(e, 1);
  const da = sumTo(op.matmul(gy, swapLast(b)), a.shape);
  let db: Tensor;
  if (b.shape.length === 2 && a.shape.length > 2) {
    // Weight gradient of [.., T, K] @ [K, N]: flatten to one 2-D product instead of a batched
    // MatMul followed by a ReduceSum (measured slow in the feasibility study).
    const [k, n] = b.shape as [number, number];
    db = op.matmul(op.transpose(op.reshape(a, [-1, k]), [1, 0]), op.reshape(gy, [-1, n]));
  } else {
    db = sumTo(op.matmul(swapLast(a), gy), b.shape);
  }
  return [da, db];
}

function sliceGrad(e: TapeEntry, gy: Tensor): Grads {
  const x = inputOf(e, 0);
  const g = x.graph;
  const rank = x.shape.length;
  const pads = new Array<number>(2 * rank).fill(0);
  (e.info.axes ?? []).forEach((a, i) => {
    pads[a] = e.info.starts?.[i] ?? 0;
    pads[rank + a] = (x.shape[a] as number) - (e.info.ends?.[i] ?? 0);
  });
  // Pad is backward-only, so it is emitted untaped.
  return [g.emit('Pad', [gy, g.int64s(pads)], x.shape, { attrs: { mode: 'constant' } })];
}

function concatGrad(e: TapeEntry, gy: Tensor): Grads {
  const axis = e.info.axis ?? 0;
  let start = 0;
  return e.inputs.map((x) => {
    const end = start + (x.shape[axis] as number);
    const g = op.slice(gy, [start], [end], [axis]);
    start = end;
    return g;
  });
}

function gatherGrad(e: TapeEntry, gy: Tensor): Grads {
  const x = inputOf(e, 0);
  const idx = inputOf(e, 1);
  const g = x.graph;
  if (g.opset < 16) throw new Error('Gather gradient needs opset >= 16 (ScatterND reduction=add)');
  const zeros = g.zeros(x.shape);
  const idx1 = g.emit('Unsqueeze', [idx, g.int64s([-1])], [...idx.shape, 1]);
  // Repeated indices accumulate, which is exactly the gradient of a row gather.
  const dx = g.emit('ScatterND', [zeros, idx1, gy], x.shape, { attrs: { reduction: 'add' } });
  return [dx, null];
}

function whereGrad(e: TapeEntry, gy: Tensor): Grads {
  const cond = inputOf(e, 0);
  const zero = gy.graph.scalar(0);
  return [
    null,
    sumTo(op.where(cond, gy, zero), inputOf(e, 1).shape),
    sumTo(op.where(cond, zero, gy), inputOf(e, 2).shape),
  ];
}

function reduceMaxGrad(e: TapeEntry, gy: Tensor): Grads {
  const x = inputOf(e, 0);
  const kept = reducedShape(x.shape, e.info.axes ?? [], true);
  const y = sameShape(e.output.shape, kept) ? e.output : op.reshape(e.output, kept);
  // Ties send the full gradient to every maximal element; random inputs have none.
  return [op.where(op.equal(x, y), unreduce(e, gy), gy.graph.scalar(0))];
}

const reshapeBack: GradRule = (e, gy) => [op.reshape(gy, [...inputOf(e, 0).shape]), null];

export const GRAD_RULES: Record<string, GradRule> = {
  Add: (e, gy) => [sumTo(gy, inputOf(e, 0).shape), sumTo(gy, inputOf(e, 1).shape)],
  Sub: (e, gy) => [sumTo(gy, inputOf(e, 0).shape), sumTo(op.neg(gy), inputOf(e, 1).shape)],
  Mul: (e, gy) => [
    sumTo(op.mul(gy, inputOf(e, 1)), inputOf(e, 0).shape),
    sumTo(op.mul(gy, inputOf(e, 0)), inputOf(e, 1).shape),
  ],
  Div: (e, gy) => [
    sumTo(op.div(gy, inputOf(e, 1)), inputOf(e, 0).shape),
    sumTo(op.neg(op.div(op.mul(gy, e.output), inputOf(e, 1))), inputOf(e, 1).shape),
  ],
  Neg: (_e, gy) => [op.neg(gy)],
  Exp: (e, gy) => [op.mul(gy, e.output)],
  Log: (e, gy) => [op.div(gy, inputOf(e, 0))],
  Sqrt: (e, gy) => [op.div(op.mul(gy, gy.graph.scalar(0.5)), e.output)],
  Pow: (e, gy) => {
    const p = e.info.exponent ?? 1;
    const x = inputOf(e, 0);
    return [op.mul(gy, op.mul(gy.graph.scalar(p), op.pow(x, p - 1))), null];
  },
  Relu: (e, gy) => [op.where(op.greater(inputOf(e, 0), gy.graph.scalar(0)), gy, gy.graph.scalar(0))],
  Tanh: (e, gy) => [op.mul(gy, op.sub(gy.graph.scalar(1), op.mul(e.output, e.output)))],
  Erf: (e, gy) => {
    const x = inputOf(e, 0);
    const bell = op.exp(op.neg(op.mul(x, x)));
    return [op.mul(gy, op.mul(gy.graph.scalar(2 / Math.sqrt(Math.PI)), bell))];
  },
  Identity: (_e, gy) => [gy],
  // Fused composites (nn.ts): inputs are the differentiable ones, then the saved intermediates.
  GeluErf: (e, gy) => {
    // d/dx x Phi(x) = Phi(x) + x phi(x), with 2 Phi(x) = 1 + erf(x / sqrt 2) saved as input 1.
    const x = inputOf(e, 0);
    const c = (v: number) => gy.graph.scalar(v);
    const pdf = op.mul(op.exp(op.mul(op.mul(x, x), c(-0.5))), c(1 / Math.sqrt(2 * Math.PI)));
    return [op.mul(gy, op.add(op.mul(inputOf(e, 1), c(0.5)), op.mul(x, pdf))), null];
  },
  Softmax: (e, gy) => {
    const y = e.output;
    return [op.mul(y, op.sub(gy, op.reduceSum(op.mul(gy, y), [e.info.axis ?? -1], true)))];
  },
  LayerNorm: (e, gy) => {
    // Inputs x, scale, bias, then the saved normed = (x - mean) / std and std.
    const scale = inputOf(e, 1);
    const normed = inputOf(e, 3);
    const dNormed = op.mul(gy, scale);
    const mean = op.reduceMean(dNormed, [-1], true);
    const proj = op.reduceMean(op.mul(dNormed, normed), [-1], true);
    const dx = op.div(op.sub(op.sub(dNormed, mean), op.mul(normed, proj)), inputOf(e, 4));
    return [dx, sumTo(op.mul(gy, normed), scale.shape), sumTo(gy, inputOf(e, 2).shape), null, null];
  },
  MatMul: matmulGrad,
  ReduceSum: (e, gy) => [unreduce(e, gy), null],
  ReduceMean: (e, gy) => {
    const x = inputOf(e, 0);
    const count = (e.info.axes ?? []).reduce((a, i) => a * (x.shape[i] as number), 1);
    return [op.div(unreduce(e, gy), gy.graph.scalar(count)), null];
  },
  ReduceMax: reduceMaxGrad,
  Reshape: reshapeBack,
  Unsqueeze: reshapeBack,
  Squeeze: reshapeBack,
  Transpose: (e, gy) => {
    const perm = e.info.perm ?? [];
    const inv = perm.map((_, i) => perm.indexOf(i));
    return [op.transpose(gy, inv)];
  },
  Concat: concatGrad,
  Slice: sliceGrad,
  Gather: gatherGrad,
  Expand: (e, gy) => [sumTo(gy, inputOf(e, 0).shape), null],
  Where: whereGrad,
};

/** Single-axis slices of one tensor that tile it exactly (e.g. q, k, v of a fused qkv). */
interface Tile {
  /** The tile's slice that comes first on the tape: the backward pass emits the tile there. */
  first: TapeEntry;
  /** All slices, in position order along the axis. */
  parts: TapeEntry[];
}

function sliceTiles(tape: readonly TapeEntry[]): Map<TapeEntry, Tile> {
  const groups = new Map<string, TapeEntry[]>();
  for (const e of tape) {
    const x = e.inputs[0];
    if (e.op !== 'Slice' || !x || e.info.axes?.length !== 1) continue;
    const key = `${x.name}|${e.info.axes[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const tiles = new Map<TapeEntry, Tile>();
  for (const list of groups.values()) {
    const first = list[0] as TapeEntry;
    const axis = first.info.axes?.[0] ?? 0;
    const parts = [...list].sort((a, b) => (a.info.starts?.[0] ?? 0) - (b.info.starts?.[0] ?? 0));
    let at = 0;
    for (const s of parts) at = s.info.starts?.[0] === at ? (s.info.ends?.[0] ?? -1) : -1;
    if (parts.length < 2 || at !== inputOf(first, 0).shape[axis]) continue;
    for (const s of list) tiles.set(s, { first, parts });
  }
  return tiles;
}

/**
 * The gradient of a tiled tensor: one Concat of its slices' gradients (zeros where a slice got
 * none) instead of one full-size Pad per slice plus the Adds that sum them (the feasibility
 * study's pitfall 5). Null when no slice got a gradient.
 */
function tileGrad(tile: Tile, grads: ReadonlyMap<string, Tensor>): Tensor | null {
  if (!tile.parts.some((s) => grads.has(s.output.name))) return null;
  const g = tile.first.output.graph;
  const parts = tile.parts.map((s) => grads.get(s.output.name) ?? g.zeros(s.output.shape));
  return op.concat(parts, tile.first.info.axes?.[0] ?? 0);
}

/** Tensors on a path from any of `wrt` to later tape entries (the ones that need gradients). */
function dependents(tape: readonly TapeEntry[], wrt: readonly Tensor[]): Set<string> {
  const live = new Set(wrt.map((t) => t.name));
  for (const e of tape) if (e.inputs.some((i) => live.has(i.name))) live.add(e.output.name);
  return live;
}

/**
 * d loss / d wrt for a scalar `loss`, as new tensors in the same graph. A parameter that does
 * not influence the loss gets a zero gradient (so optimizer code need not special-case it).
 */
export function grad(loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const g = loss.graph;
  if (loss.shape.length !== 0) throw new Error(`grad: loss must be a scalar, got [${loss.shape.join(',')}]`);
  const tape = g.tape.slice();
  const live = dependents(tape, wrt);
  const grads = new Map<string, Tensor>([[loss.name, g.scalar(1)]]);
  const accumulate = (x: Tensor | undefined, gx: Tensor | null) => {
    if (!gx || !x || !live.has(x.name)) return;
    const prev = grads.get(x.name);
    grads.set(x.name, prev ? op.add(prev, gx) : gx);
  };
  const tiles = sliceTiles(tape);
  const wasTaping = g.taping;
  g.taping = false;
  try {
    for (let i = tape.length - 1; i >= 0; i--) {
      const e = tape[i] as TapeEntry;
      const tile = tiles.get(e);
      if (tile) {
        // Every consumer of every slice of the tile comes later on the tape: all done by now.
        if (tile.first === e) accumulate(e.inputs[0], tileGrad(tile, grads));
        continue;
      }
      const gy = grads.get(e.output.name);
      if (!gy || !live.has(e.output.name)) continue;
      const rule = GRAD_RULES[e.op];
      if (!rule) throw new Error(`grad: no gradient rule for ${e.op}`);
      rule(e, gy).forEach((gx, j) => accumulate(e.inputs[j], gx));
    }
    return wrt.map((w) => grads.get(w.name) ?? g.zeros(w.shape));
  } finally {
    g.taping = wasTaping;
  }
}
