/**
 * @file The gradient checker's case table: at least one case per GRAD_RULES entry (a test
 * enforces this), over shapes that include broadcasting on either side, scalars, negative
 * axes, keepdims on and off, repeated Gather indices, both ReduceMean/ReduceMax emission forms
 * (opset 17 attribute, opset 18 input), and the composite layers and losses models use.
 */
import type { GradCase } from './gradcheck';
import type { Tensor } from './graph';
import { infoNceTwoView, multiPositiveLoss } from './losses';
import * as nn from './nn';
import * as op from './ops';
import { type VitConfig, vitForward, vitParams } from './vit';

const x0 = (xs: Tensor[]): Tensor => xs[0] as Tensor;
const x1 = (xs: Tensor[]): Tensor => xs[1] as Tensor;

const BINARY_SHAPES: number[][][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [[2, 3], [3]],
  [
    [2, 1, 3],
    [4, 1],
  ],
  [[], [2, 2]],
  [
    [1, 3],
    [2, 1],
  ],
];

function binaryCases(rule: string, f: (a: Tensor, b: Tensor) => Tensor, sampling?: 'positive'): GradCase[] {
  return BINARY_SHAPES.map((s) => ({
    rule,
    label: `${rule} ${JSON.stringify(s)}`,
    shapes: s,
    build: (xs) => f(x0(xs), x1(xs)),
    ...(sampling ? { sampling } : {}),
  }));
}

const unary = (rule: string, f: (x: Tensor) => Tensor, extra: Partial<GradCase> = {}): GradCase => ({
  rule,
  label: `${rule} [2,3]`,
  shapes: [[2, 3]],
  build: (xs) => f(x0(xs)),
  ...extra,
});

function reduceCases(rule: string, f: typeof op.reduceSum): GradCase[] {
  const mk = (axes: number[] | undefined, keep: boolean, opset = 17): GradCase => ({
    rule,
    label: `${rule} axes=${axes ? axes.join(',') : 'all'} keep=${keep} opset=${opset}`,
    shapes: [[2, 3, 2]],
    build: (xs) => f(x0(xs), axes, keep),
    opset,
  });
  return [mk([1], false), mk([-1], true), mk(undefined, false), mk([0, 2], true, 18), mk([2], false, 18)];
}

const MATMUL_SHAPES: number[][][] = [
  [
    [2, 3],
    [3, 4],
  ],
  [
    [2, 2, 3],
    [3, 4],
  ],
  [
    [2, 2, 3],
    [2, 3, 4],
  ],
  [
    [2, 1, 2, 3],
    [3, 3, 2],
  ],
];

/** StableRep-style loss on 4 embeddings in 2 groups: soft target over positives, self excluded. */
function contrastive(x: Tensor): Tensor {
  const g = x.graph;
  const z = nn.l2Normalize(x);
  const sim = op.div(op.matmul(z, op.transpose(z, [1, 0])), g.scalar(0.1));
  const eye = g.constant([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [4, 4], 'bool');
  const masked = op.where(eye, g.scalar(-1e9), sim);
  const target = g.constant([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0], [4, 4]);
  return op.neg(nn.mean(op.reduceSum(op.mul(target, nn.logSoftmax(masked)), [-1])));
}

/** One self-attention block: fused QKV split by Slice, 2 heads via Reshape/Transpose, softmax. */
function attention(x: Tensor, wqkv: Tensor): Tensor {
  const [b, t, d] = x.shape as [number, number, number];
  const heads = 2;
  const qkv = op.matmul(x, wqkv);
  const split = (i: number) =>
    op.transpose(
      op.reshape(op.slice(qkv, [i * d], [(i + 1) * d], [-1]), [b, t, heads, d / heads]),
      [0, 2, 1, 3],
    );
  const scores = op.div(
    op.matmul(split(0), op.transpose(split(1), [0, 1, 3, 2])),
    x.graph.scalar(Math.sqrt(d / heads)),
  );
  const ctx = op.matmul(nn.softmax(scores), split(2));
  return op.reshape(op.transpose(ctx, [0, 2, 1, 3]), [b, t, d]);
}

const SHAPE_CASES: GradCase[] = [
  {
    rule: 'Reshape',
    label: 'Reshape [2,3,2]->[-1,2]',
    shapes: [[2, 3, 2]],
    build: (xs) => op.reshape(x0(xs), [-1, 2]),
  },
  {
    rule: 'Transpose',
    label: 'Transpose 2,0,1',
    shapes: [[2, 3, 4]],
    build: (xs) => op.transpose(x0(xs), [2, 0, 1]),
  },
  {
    rule: 'Concat',
    label: 'Concat axis -1',
    shapes: [
      [2, 3],
      [2, 2],
      [2, 1],
    ],
    build: (xs) => op.concat(xs, -1),
  },
  {
    rule: 'Slice',
    label: 'Slice [1:3, 0:-1]',
    shapes: [[4, 5]],
    build: (xs) => op.slice(x0(xs), [1, 0], [3, -1], [0, 1]),
  },
  {
    rule: 'Gather',
    label: 'Gather repeated indices',
    shapes: [[5, 3]],
    build: (xs) => op.gather(x0(xs), x0(xs).graph.constant([0, 2, 2, 4, 2, 1], [2, 3], 'int64')),
  },
  {
    rule: 'Expand',
    label: 'Expand [3,1]->[2,3,4]',
    shapes: [[3, 1]],
    build: (xs) => op.expand(x0(xs), [2, 3, 4]),
  },
  {
    rule: 'Unsqueeze',
    label: 'Unsqueeze 0,-1',
    shapes: [[2, 3]],
    build: (xs) => op.unsqueeze(x0(xs), [0, -1]),
  },
  { rule: 'Squeeze', label: 'Squeeze 1', shapes: [[2, 1, 3]], build: (xs) => op.squeeze(x0(xs), [1]) },
  {
    rule: 'Where',
    label: 'Where broadcast',
    shapes: [[2, 3], [3]],
    build: (xs) => op.where(x0(xs).graph.constant([1, 0, 1, 0, 0, 1], [2, 3], 'bool'), x0(xs), x1(xs)),
  },
];

/** Composites: the fused rules (GeluErf, Softmax, LayerNorm) and end-to-end checks of the rest. */
const COMPOSITE_CASES: GradCase[] = [
  { rule: 'Softmax', label: 'softmax', shapes: [[2, 4]], build: (xs) => nn.softmax(x0(xs)) },
  { rule: 'Log', label: 'logSoftmax axis 0', shapes: [[3, 2]], build: (xs) => nn.logSoftmax(x0(xs), 0) },
  { rule: 'Tanh', label: 'geluTanh', shapes: [[2, 3]], build: (xs) => nn.geluTanh(x0(xs)) },
  {
    rule: 'GeluErf',
    label: 'geluErf (float32)',
    shapes: [[2, 3]],
    build: (xs) => nn.geluErf(x0(xs)),
    dtype: 'float32',
  },
  {
    rule: 'LayerNorm',
    label: 'layerNorm',
    shapes: [[2, 3, 4], [4], [4]],
    build: (xs) => nn.layerNorm(x0(xs), x1(xs), xs[2] as Tensor),
  },
  {
    rule: 'Softmax',
    label: 'softmax axis 0 of [3, 2, 2]',
    shapes: [[3, 2, 2]],
    build: (xs) => nn.softmax(x0(xs), 0),
  },
  {
    rule: 'Where',
    label: 'multi-positive contrastive loss (self masked)',
    shapes: [[4, 3]],
    build: (xs) => contrastive(x0(xs)),
  },
  {
    rule: 'MatMul',
    label: 'attention block (2 heads)',
    shapes: [
      [2, 3, 4],
      [4, 12],
    ],
    build: (xs) => attention(x0(xs), x1(xs)),
  },
];

/** One-block ViT with [CLS] and [POSE] on 4x4 single-channel images, 2x2 patches, 2 heads. */
const VIT_1BLOCK: VitConfig = {
  imageSize: [4, 4],
  patchSize: 2,
  channels: 1,
  dim: 4,
  depth: 1,
  heads: 2,
  mlpDim: 6,
  poseToken: true,
};
const VIT_1BLOCK_SPECS = vitParams(VIT_1BLOCK).specs;

/** Model-level cases from losses.ts and vit.ts (inputs: data first, then parameters). */
const MODEL_CASES: GradCase[] = [
  {
    rule: 'Where',
    label: 'multiPositiveLoss (uneven groups, one row without positives)',
    shapes: [[6, 3]],
    build: (xs) => multiPositiveLoss(x0(xs).graph, x0(xs), [0, 0, 1, 1, 1, 2], 0.2),
  },
  {
    rule: 'Log',
    label: 'infoNceTwoView',
    shapes: [
      [4, 3],
      [4, 3],
    ],
    build: (xs) => infoNceTwoView(x0(xs).graph, x0(xs), x1(xs), 0.2),
  },
  {
    rule: 'Transpose',
    label: 'vitForward, 1 block, [CLS] + [POSE]',
    shapes: [[2, 1, 4, 4], ...VIT_1BLOCK_SPECS.map((s) => s.shape)],
    build: (xs) => {
      const params = Object.fromEntries(VIT_1BLOCK_SPECS.map((s, i) => [s.name, xs[i + 1] as Tensor]));
      return vitForward(x0(xs).graph, params, x0(xs), VIT_1BLOCK).tokens;
    },
  },
];

export const GRAD_CASES: GradCase[] = [
  ...binaryCases('Add', op.add),
  ...binaryCases('Sub', op.sub),
  ...binaryCases('Mul', op.mul),
  ...binaryCases('Div', op.div, 'positive'),
  unary('Neg', op.neg),
  unary('Exp', op.exp),
  unary('Log', op.log, { sampling: 'positive' }),
  unary('Sqrt', op.sqrt, { sampling: 'positive' }),
  unary('Pow', (x) => op.pow(x, 3), { label: 'Pow x^3' }),
  unary('Pow', (x) => op.pow(x, -0.5), { label: 'Pow x^-0.5', sampling: 'positive' }),
  unary('Relu', op.relu, { sampling: 'awayFromZero' }),
  unary('Tanh', op.tanh),
  unary('Erf', op.erf, { dtype: 'float32' }),
  unary('Identity', op.identity),
  ...MATMUL_SHAPES.map((s): GradCase => ({
    rule: 'MatMul',
    label: `MatMul ${JSON.stringify(s)}`,
    shapes: s,
    build: (xs) => op.matmul(x0(xs), x1(xs)),
  })),
  ...reduceCases('ReduceSum', op.reduceSum),
  ...reduceCases('ReduceMean', op.reduceMean),
  ...reduceCases('ReduceMax', op.reduceMax),
  ...SHAPE_CASES,
  ...COMPOSITE_CASES,
  ...MODEL_CASES,
];
