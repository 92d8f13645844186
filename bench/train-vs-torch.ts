/**
 * @file Benchmark: our genpoccl training step (VIT_TINY, P x K = 8 x 4, two views: 64 images
 * through the encoder per step, the app's default optimizer) against the same model, batch, loss
 * and AdamW in plain PyTorch (bench/torch/step_vit.py), in one run. Ours is fed exactly as the
 * Trainer feeds it (one session.run per step, state kept between steps); PyTorch runs in a child
 * process that serves steps on request, and the two alternate step by step, so load from other
 * processes hits both alike. Prints ms/step, the ratio ours/PyTorch (target <= 1.0), images/s,
 * our MatMul FLOP rate and the time per step spent outside ORT's run, then a float64 check: one
 * step of our graph and of PyTorch on identical weights and batch, comparing loss, gradient (our
 * new_m / (1 - beta1)) and the parameters after the AdamW step. PyTorch is a bench-only tool:
 * nothing in the app or its tests imports it.
 *
 *   npx tsx bench/train-vs-torch.ts [steps=30] [warmup=3] [--threads=1,2] [--no-check]
 *
 * steps = 0 runs only the float64 check. The Python with torch comes from $POSE_BENCH_PYTHON,
 * else the first of python3 and /usr/bin/python3 that imports torch.
 */
import { type ChildProcessByStdio, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import * as ort from 'onnxruntime-node';
import { OptimizerSchema } from '../src-main/contract/training';
import { type Feed, OnnxSession } from '../src-main/core/onnx/node/session';
import { rng } from '../src-main/core/train/gradcheck';
import { buildRecipe } from '../src-main/core/train/recipes';
import { type ParamLayout, buildTrainStep, decayMask } from '../src-main/core/train/step';
import { VIT_TINY, flattenParams } from '../src-main/core/train/vit';

const VIT = VIT_TINY;
const BATCH = { groups: 8, members: 4 };
const B = BATCH.groups * BATCH.members;
const IMAGES = 2 * B; // both views go through the encoder
const RECIPE = { recipe: 'genpoccl' } as const;
const OPT = OptimizerSchema.parse({});
const SCRIPT = join(import.meta.dirname, 'torch', 'step_vit.py');

// Time inside ORT's own InferenceSession.run, to report what the Trainer spends around it.
let insideMs = 0;
const proto = (ort.InferenceSession as unknown as { prototype: unknown }).prototype as {
  run: (this: ort.InferenceSession, ...args: unknown[]) => Promise<unknown>;
};
const ortRun = proto.run;
proto.run = async function (this: ort.InferenceSession, ...args: unknown[]): Promise<unknown> {
  const t = performance.now();
  try {
    return await ortRun.apply(this, args);
  } finally {
    insideMs += performance.now() - t;
  }
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function buildOurs(dtype: 'float32' | 'float64') {
  const model = buildRecipe(RECIPE, VIT, BATCH, 0);
  const { beta1, beta2, weightDecay, clipNorm } = OPT;
  const step = buildTrainStep({
    params: model.params.specs,
    data: model.data,
    loss: model.loss,
    adamw: { beta1, beta2, weightDecay, clipNorm },
    dtype,
  });
  return { model, step };
}

/** Views uniform in [-1, 1] and group-major ids (the sampler's P x K order). */
function randomBatch(seed: number): Record<string, Feed> {
  const next = rng(seed);
  const dims = [B, VIT.channels, VIT.imageSize[0], VIT.imageSize[1]];
  const view = () => Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => 2 * next() - 1);
  const ids = BigInt64Array.from({ length: B }, (_, i) => BigInt(Math.floor(i / BATCH.members)));
  return {
    view1: { data: view(), dims },
    view2: { data: view(), dims },
    group_ids: { data: ids, dims: [B] },
  };
}

/** The Python arguments that make step_vit.py build our model, recipe and optimizer. */
function torchModelArgs(): string[] {
  const cfg = buildRecipe(RECIPE, VIT, BATCH, 0).config;
  if (cfg.recipe !== 'genpoccl') throw new Error('unreachable');
  const pairs: [string, number][] = [
    ['height', VIT.imageSize[0]],
    ['width', VIT.imageSize[1]],
    ['patch', VIT.patchSize],
    ['channels', VIT.channels],
    ['dim', VIT.dim],
    ['depth', VIT.depth],
    ['heads', VIT.heads],
    ['mlp', VIT.mlpDim],
    ['head-hidden', cfg.head.hidden],
    ['head-out', cfg.head.out],
    ['mp-tau', cfg.mpTemperature],
    ['mp-weight', cfg.mpWeight],
    ['align-tau', cfg.alignTemperature],
    ['align-weight', cfg.alignWeight],
    ['lr', OPT.lr],
    ['weight-decay', OPT.weightDecay],
    ['beta1', OPT.beta1],
    ['beta2', OPT.beta2],
    ['clip', OPT.clipNorm ?? 0],
    ['groups', BATCH.groups],
    ['members', BATCH.members],
  ];
  return pairs.flatMap(([k, v]) => [`--${k}`, String(v)]);
}

function findPython(): string {
  const candidates = [process.env.POSE_BENCH_PYTHON, 'python3', '/usr/bin/python3'];
  for (const py of candidates) {
    if (!py) continue;
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  throw new Error('no Python with torch found (set POSE_BENCH_PYTHON)');
}

function runPython(python: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(python, [SCRIPT, ...args, ...torchModelArgs()], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

/** Our step as the Trainer runs it (src-main/core/train/node/trainer.ts, step1): same feeds, one
 * runFloats per step, the returned state kept for the next step. Driven here rather than through
 * Trainer.run so that single steps can alternate with PyTorch's without a checkpoint per call. */
class OurSteps {
  private state: Record<'theta' | 'm' | 'v', Float32Array>;
  private done = 0;
  private readonly batches = [1, 2, 3, 4].map(randomBatch);

  private readonly mask: Float32Array;

  private constructor(
    private readonly session: OnnxSession,
    private readonly layout: ParamLayout,
    theta: Float32Array,
  ) {
    const n = layout.total;
    this.state = { theta, m: new Float32Array(n), v: new Float32Array(n) };
    this.mask = decayMask(layout);
  }

  static async create(threads: number): Promise<OurSteps> {
    const { model, step } = buildOurs('float32');
    const session = await OnnxSession.create(step.bytes, { threads });
    return new OurSteps(session, step.layout, flattenParams(model.params));
  }

  /** One step; returns its wall time and the part of it spent outside ORT's run. */
  async step(): Promise<{ ms: number; outside: number }> {
    const dims = [this.layout.total];
    const i = this.done;
    insideMs = 0;
    const start = performance.now();
    const out = await this.session.runFloats(
      {
        ...this.batches[i % this.batches.length],
        theta: { data: this.state.theta, dims },
        m: { data: this.state.m, dims },
        v: { data: this.state.v, dims },
        decay_mask: { data: this.mask, dims },
        lr: { data: Float32Array.of(OPT.lr), dims: [] },
        step: { data: Float32Array.of(i + 1), dims: [] },
      },
      ['new_theta', 'new_m', 'new_v', 'loss', 'grad_norm'],
    );
    this.state = {
      theta: out.new_theta as Float32Array,
      m: out.new_m as Float32Array,
      v: out.new_v as Float32Array,
    };
    const ms = performance.now() - start;
    this.done = i + 1;
    return { ms, outside: ms - insideMs };
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}

/** step_vit.py --serve: PyTorch steps on request, one JSON line per command. */
class TorchSteps {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(python: string): Promise<{ torch: TorchSteps; info: Record<string, unknown> }> {
    const child = spawn(python, [SCRIPT, '--serve', ...torchModelArgs()], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const torch = new TorchSteps(child);
    return { torch, info: await torch.reply() };
  }

  async ask(command: string): Promise<Record<string, unknown>> {
    this.child.stdin.write(`${command}\n`);
    return this.reply();
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    await new Promise((resolve) => this.child.once('close', resolve));
  }

  private async reply(): Promise<Record<string, unknown>> {
    const next = await this.lines.next();
    if (next.done) throw new Error('step_vit.py --serve exited');
    return JSON.parse(next.value) as Record<string, unknown>;
  }
}

interface Row {
  threads: number;
  ours: number[];
  outside: number[];
  torch: number[];
}

/** Per thread count: warm-up, then our steps and PyTorch's alternating one by one (ABBA order),
 * so load from other processes hits both sides alike. */
async function timings(torch: TorchSteps, threads: number, steps: number, warmup: number): Promise<Row> {
  const row: Row = { threads, ours: [], outside: [], torch: [] };
  const ours = await OurSteps.create(threads);
  try {
    await torch.ask(`threads ${threads}`);
    for (let i = 0; i < warmup; i++) await ours.step();
    await torch.ask(`steps ${warmup}`);
    for (let i = 0; i < steps; i++) {
      const theirs = async () => row.torch.push(...((await torch.ask('steps 1')).times_ms as number[]));
      if (i % 2 === 1) await theirs();
      const mine = await ours.step();
      row.ours.push(mine.ms);
      row.outside.push(mine.outside);
      if (i % 2 === 0) await theirs();
    }
  } finally {
    await ours.dispose();
  }
  return row;
}

function printTable(rows: readonly Row[], flops: number): void {
  const head = ['threads', 'ours ms', 'PyTorch ms', 'ours/PyTorch', 'ours img/s', 'PyTorch img/s']
    .concat(['ours GFLOP/s', 'outside run'])
    .map((h, i) => (i === 0 ? h.padEnd(8) : h.padStart(13)));
  console.log(head.join(' '));
  for (const r of rows) {
    const ours = median(r.ours);
    const torch = median(r.torch);
    const cells = [
      String(r.threads).padEnd(8),
      ours.toFixed(1),
      torch.toFixed(1),
      (ours / torch).toFixed(2),
      ((IMAGES / ours) * 1000).toFixed(0),
      ((IMAGES / torch) * 1000).toFixed(0),
      (flops / ours / 1e6).toFixed(1),
      `${median(r.outside).toFixed(2)} ms`,
    ];
    console.log(cells.map((c, i) => (i === 0 ? c : c.padStart(13))).join(' '));
  }
}

// ------------------------------------------------------------------ float64 check

type Floats = Float32Array | Float64Array;

/** One step of our graph on `theta` and `batch`; the gradient is new_m / (1 - beta1). */
async function ourFirstStep(dtype: 'float32' | 'float64', theta: Float32Array, batch: Record<string, Feed>) {
  const { step } = buildOurs(dtype);
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const n = step.layout.total;
  const cast = (f: Feed): Feed =>
    f.data instanceof Float32Array ? { data: F.from(f.data), dims: f.dims } : f;
  const session = await OnnxSession.create(step.bytes, { threads: 2 });
  try {
    const out = await session.runFloats({
      view1: cast(batch.view1 as Feed),
      view2: cast(batch.view2 as Feed),
      group_ids: batch.group_ids as Feed,
      theta: { data: F.from(theta), dims: [n] },
      m: { data: new F(n), dims: [n] },
      v: { data: new F(n), dims: [n] },
      decay_mask: { data: F.from(decayMask(step.layout)), dims: [n] },
      lr: { data: F.of(OPT.lr), dims: [] },
      step: { data: F.of(1), dims: [] },
    });
    const m = out.new_m as Floats;
    return {
      loss: (out.loss as Floats)[0] as number,
      gradNorm: (out.grad_norm as Floats)[0] as number,
      grad: Float64Array.from(m, (x) => x / (1 - OPT.beta1)),
      theta1: Float64Array.from(out.new_theta as Floats),
    };
  } finally {
    await session.dispose();
  }
}

const norm = (x: ArrayLike<number>, y?: ArrayLike<number>, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i]! - (y ? y[i]! : 0)) ** 2;
  return Math.sqrt(s);
};

function compare(
  layout: ParamLayout,
  ours: Awaited<ReturnType<typeof ourFirstStep>>,
  dir: string,
  gelu: string,
) {
  const torch = JSON.parse(readFileSync(join(dir, `result-${gelu}.json`), 'utf8')) as Record<string, number>;
  const read = (f: string) => new Float64Array(readFileSync(join(dir, f)).buffer.slice(0));
  const grad = read(`grad-${gelu}.f64`);
  const theta1 = read(`theta1-${gelu}.f64`);
  let worst = { name: '', rel: 0 };
  for (const e of layout.entries) {
    const rel =
      norm(ours.grad, grad, e.offset, e.offset + e.size) / norm(grad, undefined, e.offset, e.offset + e.size);
    if (rel > worst.rel) worst = { name: e.name, rel };
  }
  let dTheta = 0;
  for (let i = 0; i < theta1.length; i++) dTheta = Math.max(dTheta, Math.abs(theta1[i]! - ours.theta1[i]!));
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  return {
    loss: [ours.loss, torch.loss as number, rel(ours.loss, torch.loss as number)],
    gradNorm: rel(ours.gradNorm, torch.grad_norm as number),
    selfNorm: rel(norm(ours.grad), ours.gradNorm),
    grad: norm(ours.grad, grad) / norm(grad),
    worst,
    dTheta,
  };
}

async function floatCheck(python: string): Promise<void> {
  const { model, step } = buildOurs('float32');
  const theta = flattenParams(model.params);
  const batch = randomBatch(11);
  const dir = mkdtempSync(join(tmpdir(), 'train-vs-torch-check-'));
  try {
    const layout = step.layout.entries.map(({ name, shape, offset, size }) => ({
      name,
      shape,
      offset,
      size,
    }));
    const ids = Array.from(batch.group_ids!.data as BigInt64Array, Number);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ layout, groupIds: ids }));
    writeFileSync(join(dir, 'theta.f64'), Float64Array.from(theta));
    for (const v of ['view1', 'view2'])
      writeFileSync(join(dir, `${v}.f64`), Float64Array.from(batch[v]!.data as Float32Array));
    const cases = [
      { dtype: 'float64', gelu: 'tanh', label: 'ours float64 (tanh GELU) vs PyTorch float64 (tanh GELU)' },
      { dtype: 'float32', gelu: 'erf', label: 'ours float32 (erf GELU)   vs PyTorch float64 (erf GELU)' },
    ] as const;
    for (const c of cases) {
      const result = runPython(python, ['--check', dir, '--gelu', c.gelu, '--threads', '2']);
      writeFileSync(join(dir, `result-${c.gelu}.json`), JSON.stringify(result));
      const r = compare(step.layout, await ourFirstStep(c.dtype, theta, batch), dir, c.gelu);
      console.log(
        `${c.label}: loss ${r.loss[0]!.toPrecision(10)} vs ${r.loss[1]!.toPrecision(10)} (rel ${r.loss[2]!.toExponential(1)}), ` +
          `grad norm rel ${r.gradNorm.toExponential(1)} (ours vs own gradient ${r.selfNorm.toExponential(1)}), gradient |a-b|/|b| ${r.grad.toExponential(1)} ` +
          `(worst tensor ${r.worst.name} ${r.worst.rel.toExponential(1)}), ` +
          `theta after AdamW step max |diff| ${r.dTheta.toExponential(1)} (lr ${OPT.lr})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const [steps = 30, warmup = 3] = args.map(Number);
  const threadsArg = process.argv.find((a) => a.startsWith('--threads='));
  const threads = threadsArg ? threadsArg.slice(10).split(',').map(Number) : [1, 2];
  const python = findPython();
  const { step } = buildOurs('float32');
  const flops = step.graph.matmulFlops;
  console.log(
    `genpoccl, ViT ${VIT.imageSize.join('x')}/${VIT.patchSize} dim ${VIT.dim} depth ${VIT.depth} heads ${VIT.heads}, ` +
      `batch ${BATCH.groups}x${BATCH.members} (${IMAGES} images through the encoder per step), ` +
      `${step.layout.total.toLocaleString('en-US')} params, ${(flops / 1e9).toFixed(2)} GFLOP MatMul per step; ` +
      `AdamW lr ${OPT.lr} wd ${OPT.weightDecay} betas ${OPT.beta1}/${OPT.beta2}`,
  );
  if (steps > 0) {
    const { torch, info } = await TorchSteps.start(python);
    console.log(`PyTorch ${String(info.torch)} (${python}), BLAS: ${String(info.blas)}`);
    console.log(`${steps} steps per side after ${warmup} warm-up, alternating one by one; medians\n`);
    const rows: Row[] = [];
    try {
      for (const t of threads) rows.push(await timings(torch, t, steps, warmup));
    } finally {
      await torch.stop();
    }
    printTable(rows, flops);
  }
  if (!process.argv.includes('--no-check')) {
    console.log('\nfloat64 check: one step on identical weights and batch');
    await floatCheck(python);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
