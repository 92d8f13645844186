/**
 * @file AdamW inside the training graph. `lr` and `step` (1-based, float) are scalar graph
 * inputs, so learning-rate schedules and resumes need no rebuild; the bias corrections are
 * computed in the graph from `step`. Weight decay is decoupled (PyTorch AdamW order: the decay
 * uses the old parameter) and applies per tensor or through a 0/1 mask. Gradients are clipped
 * by their global L2 norm before the moments see them. step.ts wires this into a train step.
 */
import type { Graph, Tensor } from './graph';
import * as op from './ops';
import type { Shape } from './shape';

export interface AdamWConfig {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Clip gradients to this global L2 norm; no clipping when omitted. */
  clipNorm?: number;
}

export interface ParamSpec {
  name: string;
  shape: Shape;
  /** Whether decoupled weight decay applies (false for biases, norms, embeddings). */
  decay: boolean;
}

/** Per-parameter layout names: inputs P, m:P, v:P; outputs new:P, new_m:P, new_v:P. */
export const stateNames = (param: string) => ({
  m: `m:${param}`,
  v: `v:${param}`,
  newParam: `new:${param}`,
  newM: `new_m:${param}`,
  newV: `new_v:${param}`,
});

export interface AdamWSlot {
  param: Tensor;
  grad: Tensor;
  /** Decoupled weight decay: on/off for the whole tensor, or a 0/1 mask of the param's shape. */
  decay: boolean | Tensor;
  /** Input names of the moments and output names of the new state. */
  names: { m: string; v: string; newParam: string; newM: string; newV: string };
}

/** Emits the clipped AdamW update for every slot and marks the new state as outputs. */
export function addAdamW(g: Graph, slots: readonly AdamWSlot[], cfg: AdamWConfig = {}): { gradNorm: Tensor } {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01 } = cfg;
  const wasTaping = g.taping;
  g.taping = false; // the update is never differentiated
  try {
    const lr = g.input('lr', []);
    const step = g.input('step', []);
    const c = (v: number) => g.scalar(v);
    // Bias corrections 1 - beta^t computed in the graph from the fed step.
    const bc1 = op.sub(c(1), g.emit('Pow', [c(beta1), step], []));
    const bc2 = op.sub(c(1), g.emit('Pow', [c(beta2), step], []));
    const sq = slots.map((s) => op.reduceSum(op.mul(s.grad, s.grad)));
    const gradNorm = op.sqrt(sq.reduce((acc, t) => op.add(acc, t)));
    let scale: Tensor | null = null;
    if (cfg.clipNorm !== undefined) {
      // clip / max(norm, clip) is 1 below the threshold and shrinks the gradient above it.
      scale = op.div(c(cfg.clipNorm), g.emit('Max', [gradNorm, c(cfg.clipNorm)], []));
    }
    const lrWd = op.mul(lr, c(weightDecay));
    for (const s of slots) {
      const gr = scale ? op.mul(s.grad, scale) : s.grad;
      const m = g.input(s.names.m, s.param.shape);
      const v = g.input(s.names.v, s.param.shape);
      const newM = op.add(op.mul(m, c(beta1)), op.mul(gr, c(1 - beta1)));
      const newV = op.add(op.mul(v, c(beta2)), op.mul(op.mul(gr, gr), c(1 - beta2)));
      const denom = op.add(op.sqrt(op.div(newV, bc2)), c(eps));
      const stepDir = op.div(op.div(newM, bc1), denom);
      let decayed = s.param;
      if (s.decay !== false && weightDecay > 0)
        decayed = op.mul(s.param, op.sub(c(1), s.decay === true ? lrWd : op.mul(lrWd, s.decay)));
      g.output(op.sub(decayed, op.mul(lr, stepDir)), s.names.newParam);
      g.output(newM, s.names.newM);
      g.output(newV, s.names.newV);
    }
    return { gradNorm };
  } finally {
    g.taping = wasTaping;
  }
}
