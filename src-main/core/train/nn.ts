/**
 * @file Composite layers built from the primitives in ops.ts: linear, GELU (erf form for float32,
 * tanh form which also runs in float64), softmax and log-softmax (max-shifted; the shift is
 * detached because its gradient cancels exactly), LayerNorm, and mean. Most take their
 * gradients from the checked per-op rules. The three that dominate a ViT step's elementwise
 * work (erf GELU, softmax, LayerNorm) are instead built untaped and recorded as one tape entry
 * each (rules GeluErf, Softmax, LayerNorm in autodiff.ts) with the textbook backward pass, which
 * needs about half the full-size elementwise ops; gradcheck-cases.ts checks those rules too.
 */
import type { Graph, OpInfo, Tensor } from './graph';
import * as op from './ops';

/**
 * Builds a composite untaped and records it as one tape entry of `rule`, whose inputs are the
 * differentiable inputs followed by the intermediates the rule's backward pass reuses.
 */
function fused(
  g: Graph,
  rule: string,
  inputs: readonly Tensor[],
  build: () => { y: Tensor; saved: Tensor[] },
  info: OpInfo = {},
): Tensor {
  const was = g.taping;
  g.taping = false;
  let out: { y: Tensor; saved: Tensor[] };
  try {
    out = build();
  } finally {
    g.taping = was;
  }
  if (was) g.tape.push({ op: rule, inputs: [...inputs, ...out.saved], output: out.y, info });
  return out.y;
}

/** x @ w + b, with w [in, out] and b [out]. */
export function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const y = op.matmul(x, w);
  return b ? op.add(y, b) : y;
}

/** Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)); Erf has no float64 CPU kernel. */
export function geluErf(x: Tensor): Tensor {
  const g = x.graph;
  return fused(g, 'GeluErf', [x], () => {
    const e1 = op.add(op.erf(op.mul(x, g.scalar(Math.SQRT1_2))), g.scalar(1));
    return { y: op.mul(op.mul(x, g.scalar(0.5)), e1), saved: [e1] };
  });
}

/** Tanh-approximated GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluTanh(x: Tensor): Tensor {
  const g = x.graph;
  const inner = op.mul(op.add(x, op.mul(op.pow(x, 3), g.scalar(0.044715))), g.scalar(Math.sqrt(2 / Math.PI)));
  return op.mul(op.mul(x, g.scalar(0.5)), op.add(op.tanh(inner), g.scalar(1)));
}

/** GELU in the form the graph's dtype can run: erf in float32, tanh in float64. */
export function gelu(x: Tensor): Tensor {
  return x.graph.dtype === 'float32' ? geluErf(x) : geluTanh(x);
}

function shifted(x: Tensor, axis: number): Tensor {
  return op.sub(x, op.detach(op.reduceMax(x, [axis], true)));
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const s = shifted(x, axis);
  return op.sub(s, op.log(op.reduceSum(op.exp(s), [axis], true)));
}

/** ONNX Softmax (one node, max-shifted inside the kernel) with the Softmax gradient rule. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const g = x.graph;
  const ax = axis < 0 ? axis + x.shape.length : axis;
  const build = () => ({ y: g.emit('Softmax', [x], x.shape, { attrs: { axis: ax } }), saved: [] });
  return fused(g, 'Softmax', [x], build, { axis: ax });
}

/** LayerNorm over the last axis with scale and bias of shape [D]. */
export function layerNorm(x: Tensor, scale: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const g = x.graph;
  return fused(g, 'LayerNorm', [x, scale, bias], () => {
    const centred = op.sub(x, op.reduceMean(x, [-1], true));
    const variance = op.reduceMean(op.mul(centred, centred), [-1], true);
    const std = op.sqrt(op.add(variance, g.scalar(eps)));
    const normed = op.div(centred, std);
    return { y: op.add(op.mul(normed, scale), bias), saved: [normed, std] };
  });
}

/** Rows scaled to unit L2 norm along the last axis (embeddings before a cosine similarity). */
export function l2Normalize(x: Tensor, eps = 1e-12): Tensor {
  const g = x.graph;
  return op.div(x, op.sqrt(op.add(op.reduceSum(op.mul(x, x), [-1], true), g.scalar(eps))));
}

/** Mean of all elements (a scalar), e.g. to average a per-example loss. */
export const mean = (x: Tensor): Tensor => op.reduceMean(x);
