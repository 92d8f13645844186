/**
 * @file buildTrainStep: forward, loss, gradients and the AdamW update as one ONNX model, so a
 * training step is a single session.run. Two state layouts:
 * - `perParam`: inputs P, m:P, v:P per parameter; outputs new:P, new_m:P, new_v:P.
 * - `flat` (the default for checkpoints): inputs `theta`, `m`, `v` and `decay_mask`, each a
 *   float vector of length `layout.total`; outputs `new_theta`, `new_m`, `new_v`. Parameter P
 *   is theta[offset, offset + size) in row-major order (see ParamLayout). The views are graph
 *   leaves (untaped Slice+Reshape), so the backward pass never builds theta-sized Pads (the
 *   feasibility study's pitfall 5); their gradients are flattened and concatenated instead.
 *   The decay mask is an input rather than a constant so the model stays small.
 * Both layouts also output `loss` and `grad_norm` (the global norm before clipping).
 * Data inputs take a dtype each (default: the graph's float type): int64 for group ids fed per
 * batch, or a float type other than the graph's, which is cast (untaped) on entry.
 */
import { type AdamWConfig, type ParamSpec, addAdamW, stateNames } from './adamw';
import { grad } from './autodiff';
import { DTYPE_CODE } from '../onnx/proto';
import { type FloatType, type Tensor, Graph } from './graph';
import * as op from './ops';
import { type Shape, numel } from './shape';

export interface LayoutEntry extends ParamSpec {
  offset: number;
  size: number;
}

export interface ParamLayout {
  entries: LayoutEntry[];
  total: number;
}

/** Offsets of each parameter in the flat state, in spec order. */
export function makeLayout(specs: readonly ParamSpec[]): ParamLayout {
  let offset = 0;
  const entries = specs.map((s) => {
    const size = numel(s.shape);
    const e: LayoutEntry = { ...s, shape: [...s.shape], offset, size };
    offset += size;
    return e;
  });
  return { entries, total: offset };
}

/** The 0/1 weight-decay mask to feed as `decay_mask` in the flat layout. */
export function decayMask(layout: ParamLayout): Float32Array {
  const mask = new Float32Array(layout.total);
  for (const e of layout.entries) if (e.decay) mask.fill(1, e.offset, e.offset + e.size);
  return mask;
}

/** The dtypes a data input may be fed as. */
export type DataType = FloatType | 'int64';

/** One batch tensor fed per step; `dtype` defaults to the graph's float type. */
export interface DataInput {
  name: string;
  shape: Shape;
  dtype?: DataType;
}

export interface TrainStepOptions {
  params: readonly ParamSpec[];
  /** Data inputs (batch tensors); fed per step alongside the state. */
  data: readonly DataInput[];
  /** Builds the scalar loss from the parameter and data tensors (keyed by name). */
  loss: (g: Graph, params: Record<string, Tensor>, data: Record<string, Tensor>) => Tensor;
  adamw?: AdamWConfig;
  layout?: 'flat' | 'perParam';
  dtype?: FloatType;
  opset?: number;
}

export interface TrainStep {
  bytes: Uint8Array;
  graph: Graph;
  layout: ParamLayout;
}

function flatViews(g: Graph, layout: ParamLayout): { theta: Tensor; views: Tensor[] } {
  const theta = g.input('theta', [layout.total]);
  const views = layout.entries.map((e) => {
    const flat = g.emit('Slice', [theta, g.int64s([e.offset]), g.int64s([e.offset + e.size])], [e.size]);
    return g.emit('Reshape', [flat, g.int64s([...e.shape])], e.shape);
  });
  return { theta, views };
}

/**
 * Declares the data inputs. Int64 inputs (e.g. group ids) reach the loss as they are; float
 * inputs of another precision than the graph's are cast to it, untaped (data is never
 * differentiated), so the loss always sees the graph's float type.
 */
function dataInputs(g: Graph, data: readonly DataInput[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const d of data) {
    const dtype = d.dtype ?? g.dtype;
    const t = g.input(d.name, d.shape, dtype);
    out[d.name] =
      dtype === 'int64' || dtype === g.dtype
        ? t
        : g.emit('Cast', [t], t.shape, { dtype: g.dtype, attrs: { to: DTYPE_CODE[g.dtype] } });
  }
  return out;
}

export function buildTrainStep(options: TrainStepOptions): TrainStep {
  const g = new Graph({ dtype: options.dtype ?? 'float32', opset: options.opset ?? 17 });
  const layout = makeLayout(options.params);
  const flat = (options.layout ?? 'flat') === 'flat';
  const state = flat ? flatViews(g, layout) : null;
  const tensors = layout.entries.map((e, i) => state?.views[i] ?? g.input(e.name, e.shape));
  const params = Object.fromEntries(layout.entries.map((e, i) => [e.name, tensors[i] as Tensor]));
  const data = dataInputs(g, options.data);
  const loss = options.loss(g, params, data);
  const grads = grad(loss, tensors);
  g.output(loss, 'loss');
  let gradNorm: Tensor;
  if (state) {
    g.taping = false; // flattening the gradients is not part of the differentiated model
    const flatGrad = op.concat(
      grads.map((gr) => op.reshape(gr, [-1])),
      0,
    );
    const mask = g.input('decay_mask', [layout.total]);
    const names = { m: 'm', v: 'v', newParam: 'new_theta', newM: 'new_m', newV: 'new_v' };
    ({ gradNorm } = addAdamW(g, [{ param: state.theta, grad: flatGrad, decay: mask, names }], options.adamw));
    g.taping = true;
  } else {
    const slots = layout.entries.map((e, i) => ({
      param: tensors[i] as Tensor,
      grad: grads[i] as Tensor,
      decay: e.decay,
      names: stateNames(e.name),
    }));
    ({ gradNorm } = addAdamW(g, slots, options.adamw));
  }
  g.output(gradNorm, 'grad_norm');
  return { bytes: g.toBytes(), graph: g, layout };
}
