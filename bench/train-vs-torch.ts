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
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { OnnxSession } from '../src-main/core/onnx/node/session';
import { type ParamLayout, decayMask } from '../src-main/core/train/step';
import { flattenParams } from '../src-main/core/train/vit';
import { median, ortInsideMs, resetOrtInside } from './lib/ortRunTimer';
import { floatCheck } from './torch/floatCheck';
import {
  BATCH,
  IMAGES,
  OPT,
  SCRIPT,
  VIT,
  buildOurs,
  findPython,
  randomBatch,
  torchModelArgs,
} from './torch/vitSetup';

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
    resetOrtInside();
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
    return { ms, outside: ms - ortInsideMs() };
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
