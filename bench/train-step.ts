/**
 * @file Benchmark: one full training step (forward + backward + AdamW in a single session.run,
 * built with nn.ts/ops.ts and buildTrainStep) of a 784-512-512-10 MLP (LayerNorm, GELU,
 * softmax cross-entropy, batch 256, flat state), side by side in one run with ORT's own MatMul
 * rate on a chain of [256,512]x[512,512] MatMuls inside one graph, created through the same
 * OnnxSession options: with constant weights (which MLAS prepacks once at session creation; the
 * target's reference) and with the weights fed as inputs, as a training step's are. All are
 * measured per thread count (1 and 2) and interleaved round-robin, so background load hits them
 * equally. Prints the median step time, its MatMul FLOP rate (Graph.matmulFlops), the ratio to
 * the reference rates (target >= 0.5 against the constant-weight one), the time per step spent
 * outside ORT's own run (building feeds, wrapping typed arrays, reading outputs, swapping state)
 * and the cost of moving theta/m/v in and out of a run (a graph that only multiplies them by 1).
 *
 *   npx tsx bench/train-step.ts [steps=50] [warmup=5]
 */
import { type Feed, OnnxSession } from '../src-main/core/onnx/node/session';
import type { ParamSpec } from '../src-main/core/train/adamw';
import { Graph } from '../src-main/core/train/graph';
import * as nn from '../src-main/core/train/nn';
import * as op from '../src-main/core/train/ops';
import { type ParamLayout, buildTrainStep, decayMask } from '../src-main/core/train/step';
import { median, ortInsideMs, resetOrtInside } from './lib/ortRunTimer';

const BATCH = 256;
const DIMS = [784, 512, 512, 10] as const;
const CHAIN = 16; // MatMuls in the reference chain

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = rng(7);
const uniform = (n: number, scale: number) =>
  Float32Array.from({ length: n }, () => (2 * next() - 1) * scale);

/**
 * x [256,512] through CHAIN distinct [512,512] weights, all inside one graph. With `fed`, the
 * weights are graph inputs (w0..w15) like a train step's, not constants: ORT (MLAS) prepacks
 * constant MatMul weights once at session creation, which no training step can do.
 */
function matmulChain(fed = false): { bytes: Uint8Array; flops: number } {
  const g = new Graph();
  let x = g.input('x', [BATCH, 512]);
  for (let i = 0; i < CHAIN; i++) {
    const w = fed
      ? g.input(`w${i}`, [512, 512])
      : g.constant(uniform(512 * 512, Math.sqrt(3 / 512)), [512, 512]);
    x = op.matmul(x, w);
  }
  g.output(x, 'y');
  return { bytes: g.toBytes(), flops: g.matmulFlops };
}

/** theta, m, v each times 1: the cost of moving the optimizer state in and out of a run. */
function stateIo(total: number): Uint8Array {
  const g = new Graph();
  const one = g.scalar(1);
  for (const name of ['theta', 'm', 'v']) g.output(op.mul(g.input(name, [total]), one), `new_${name}`);
  return g.toBytes();
}

function mlpSpecs(): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (let l = 0; l < DIMS.length - 1; l++) {
    specs.push({ name: `w${l}`, shape: [DIMS[l] as number, DIMS[l + 1] as number], decay: true });
    specs.push({ name: `b${l}`, shape: [DIMS[l + 1] as number], decay: false });
    if (l < DIMS.length - 2) {
      specs.push({ name: `ln${l}.scale`, shape: [DIMS[l + 1] as number], decay: false });
      specs.push({ name: `ln${l}.bias`, shape: [DIMS[l + 1] as number], decay: false });
    }
  }
  return specs;
}

function mlpStep() {
  const last = DIMS.length - 2;
  return buildTrainStep({
    params: mlpSpecs(),
    data: [
      { name: 'x', shape: [BATCH, DIMS[0]] },
      { name: 'y', shape: [BATCH, DIMS[DIMS.length - 1] as number] },
    ],
    adamw: { weightDecay: 0.05 },
    loss: (_g, p, d) => {
      let h = d.x!;
      for (let l = 0; l < last; l++)
        h = nn.gelu(
          nn.layerNorm(nn.linear(h, p[`w${l}`]!, p[`b${l}`]), p[`ln${l}.scale`]!, p[`ln${l}.bias`]!),
        );
      const logits = nn.linear(h, p[`w${last}`]!, p[`b${last}`]);
      // Softmax cross-entropy against one-hot labels, averaged over the batch.
      return op.neg(nn.mean(op.reduceSum(op.mul(d.y!, nn.logSoftmax(logits)), [-1])));
    },
  });
}

function initialTheta(layout: ParamLayout): Float32Array {
  const theta = new Float32Array(layout.total);
  for (const e of layout.entries) {
    if (e.name.endsWith('.scale')) theta.fill(1, e.offset, e.offset + e.size);
    else if (e.name.startsWith('w'))
      theta.set(uniform(e.size, Math.sqrt(3 / (e.shape[0] as number))), e.offset);
  }
  return theta;
}

interface Row {
  threads: number;
  refMs: number;
  refGflops: number;
  fedGflops: number;
  stepMs: number;
  stepGflops: number;
  outsideMs: number;
  ioMs: number;
  lossFirst: number;
  lossLast: number;
}

async function measure(threads: number, steps: number, warmup: number): Promise<Row> {
  const chain = matmulChain();
  const train = mlpStep();
  const { layout } = train;
  const config = { threads, optimization: 'all' } as const;
  const ref = await OnnxSession.create(chain.bytes, config);
  const fed = await OnnxSession.create(matmulChain(true).bytes, config);
  const step = await OnnxSession.create(train.bytes, config);
  const io = await OnnxSession.create(stateIo(layout.total), config);

  const refFeeds: Record<string, Feed> = { x: { data: uniform(BATCH * 512, 1), dims: [BATCH, 512] } };
  const fedFeeds: Record<string, Feed> = { ...refFeeds };
  for (let i = 0; i < CHAIN; i++)
    fedFeeds[`w${i}`] = { data: uniform(512 * 512, Math.sqrt(3 / 512)), dims: [512, 512] };
  const labels = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) labels[i * 10 + Math.floor(next() * 10)] = 1;
  const dims = [layout.total];
  const fixed: Record<string, Feed> = {
    x: { data: uniform(BATCH * DIMS[0], 1), dims: [BATCH, DIMS[0]] },
    y: { data: labels, dims: [BATCH, 10] },
    decay_mask: { data: decayMask(layout), dims },
    lr: { data: Float32Array.of(1e-3), dims: [] },
  };
  let state: Record<'theta' | 'm' | 'v', Float32Array> = {
    theta: initialTheta(layout),
    m: new Float32Array(layout.total),
    v: new Float32Array(layout.total),
  };

  const refTimes: number[] = [];
  const fedTimes: number[] = [];
  const stepTimes: number[] = [];
  const outside: number[] = [];
  const ioTimes: number[] = [];
  const losses: number[] = [];
  for (let t = 1; t <= warmup + steps; t++) {
    let start = performance.now();
    await ref.runFloats(refFeeds, ['y']);
    const refMs = performance.now() - start;
    start = performance.now();
    await fed.runFloats(fedFeeds, ['y']);
    const fedMs = performance.now() - start;

    // One training step as the trainer does it: feeds in, one run, state swapped from outputs.
    resetOrtInside();
    start = performance.now();
    const out = await step.runFloats({
      ...fixed,
      theta: { data: state.theta, dims },
      m: { data: state.m, dims },
      v: { data: state.v, dims },
      step: { data: Float32Array.of(t), dims: [] },
    });
    const { new_theta: theta, new_m: m, new_v: v, loss } = out;
    if (!(theta instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) || !loss)
      throw new Error('train step returned unexpected outputs');
    state = { theta, m, v };
    const stepMs = performance.now() - start;
    const stepInside = ortInsideMs();

    start = performance.now();
    await io.runFloats({
      theta: { data: state.theta, dims },
      m: { data: state.m, dims },
      v: { data: state.v, dims },
    });
    const ioMs = performance.now() - start;

    losses.push(loss[0] as number);
    if (t > warmup) {
      refTimes.push(refMs);
      fedTimes.push(fedMs);
      stepTimes.push(stepMs);
      outside.push(stepMs - stepInside);
      ioTimes.push(ioMs);
    }
  }
  await Promise.all([ref.dispose(), fed.dispose(), step.dispose(), io.dispose()]);
  const refMs = median(refTimes);
  const stepMs = median(stepTimes);
  return {
    threads,
    refMs,
    refGflops: chain.flops / refMs / 1e6,
    fedGflops: chain.flops / median(fedTimes) / 1e6,
    stepMs,
    stepGflops: train.graph.matmulFlops / stepMs / 1e6,
    outsideMs: median(outside),
    ioMs: median(ioTimes),
    lossFirst: losses[0] as number,
    lossLast: losses[losses.length - 1] as number,
  };
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 50);
  const warmup = Number(process.argv[3] ?? 5);
  const { graph, layout } = mlpStep();
  const chainFlops = matmulChain().flops;
  console.log(
    `MLP ${DIMS.join('-')}, batch ${BATCH}, LayerNorm + GELU, softmax CE, AdamW (flat state): ` +
      `${layout.total.toLocaleString('en-US')} params, ${graph.nodes.length} nodes, ` +
      `${(graph.matmulFlops / 1e9).toFixed(3)} GFLOP MatMul per step (forward + backward)`,
  );
  console.log(
    `reference: ${CHAIN} chained [${BATCH},512]x[512,512] MatMuls in one graph, ${(chainFlops / 1e9).toFixed(3)} GFLOP per run; ` +
      `weights constant (prepacked by MLAS: "ref") and fed as inputs like a train step's ("fed")`,
  );
  console.log(`${steps} interleaved rounds after ${warmup} warm-up, medians; ORT opt 'all', CPU EP\n`);

  const rows: Row[] = [];
  for (const threads of [1, 2]) rows.push(await measure(threads, steps, warmup));

  const head = [
    'threads',
    'MatMul ref ms',
    'ref GFLOP/s',
    'step ms',
    'step GFLOP/s',
    'ratio',
    'fed GFLOP/s',
    'ratio fed',
    'outside run',
    'state I/O',
  ];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(8) : h.padStart(13))).join(' '));
  for (const r of rows) {
    const cells = [
      String(r.threads).padEnd(8),
      r.refMs.toFixed(2),
      r.refGflops.toFixed(1),
      r.stepMs.toFixed(2),
      r.stepGflops.toFixed(1),
      (r.stepGflops / r.refGflops).toFixed(2),
      r.fedGflops.toFixed(1),
      (r.stepGflops / r.fedGflops).toFixed(2),
      `${r.outsideMs.toFixed(3)} ms ${((100 * r.outsideMs) / r.stepMs).toFixed(1)}%`,
      `${r.ioMs.toFixed(2)} ms ${((100 * r.ioMs) / r.stepMs).toFixed(1)}%`,
    ];
    console.log(cells.map((c, i) => (i === 0 ? c : c.padStart(13))).join(' '));
  }
  console.log('');
  for (const r of rows) {
    const ratio = r.stepGflops / r.refGflops;
    console.log(
      `threads ${r.threads}: step MatMul rate / ORT MatMul rate = ${ratio.toFixed(2)}  ` +
        `${ratio >= 0.5 ? 'ok (target >= 0.5)' : 'BELOW target 0.5'}; ` +
        `vs fed-weight MatMuls ${(r.stepGflops / r.fedGflops).toFixed(2)}; ` +
        `loss ${r.lossFirst.toFixed(3)} -> ${r.lossLast.toFixed(3)}`,
    );
  }
  const [one, two] = rows;
  if (one && two)
    console.log(
      `2 threads vs 1: step ${(one.stepMs / two.stepMs).toFixed(2)}x, MatMul ref ${(one.refMs / two.refMs).toFixed(2)}x`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
