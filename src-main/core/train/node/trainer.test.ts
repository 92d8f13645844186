import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../onnx/node/session';
import type { ParamSpec } from '../adamw';
import { rng } from '../gradcheck';
import * as nn from '../nn';
import * as op from '../ops';
import { buildTrainStep } from '../step';
import { listCheckpoints, loadLatestCheckpoint } from './checkpoint';
import { type FlatState, type StepReport, type TrainerOptions, Trainer } from './trainer';

const SPECS: ParamSpec[] = [
  { name: 'w1', shape: [3, 5], decay: true },
  { name: 'b1', shape: [5], decay: false },
  { name: 'w2', shape: [5, 2], decay: true },
];
const STEP = buildTrainStep({
  dtype: 'float32',
  params: SPECS,
  data: [
    { name: 'x', shape: [4, 3] },
    { name: 'y', shape: [4, 2] },
  ],
  adamw: { weightDecay: 0.1, clipNorm: 1 },
  loss: (_g, p, d) => {
    const h = op.relu(nn.linear(d.x!, p.w1!, p.b1));
    return nn.mean(op.pow(op.sub(nn.linear(h, p.w2!), d.y!), 2));
  },
});
const init = rng(5);
const THETA = Float32Array.from({ length: STEP.layout.total }, () => init() - 0.5);

/** A pure function of (step, seed): a fresh generator seeded by both. */
function batches(step: number, seed: number): Record<string, Feed> {
  const next = rng(seed * 100_003 + step + 1);
  return {
    x: { data: Float32Array.from({ length: 12 }, () => next() - 0.5), dims: [4, 3] },
    y: { data: Float32Array.from({ length: 8 }, () => next() - 0.5), dims: [4, 2] },
  };
}

let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'trainer-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

function options(dir: string): TrainerOptions {
  return {
    bytes: STEP.bytes,
    layout: STEP.layout,
    schedule: { baseLr: 0.05, warmupSteps: 3, totalSteps: 12, minLrRatio: 0.1 },
    batches,
    runDir: dir,
    seed: 7,
    config: { recipe: 'test-mlp' },
    session: { threads: 1 },
  };
}

const bytes = (x: FlatState) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

describe('Trainer', () => {
  it('resumes from a checkpoint bit-exactly', async () => {
    const straight = await Trainer.create(options(join(runDir, 'a')), THETA);
    const lossesA: StepReport[] = [];
    await straight.run({ fromStep: 0, toStep: 12, onStep: (r) => lossesA.push(r) });
    const a = straight.state();
    await straight.dispose();

    const dir = join(runDir, 'b');
    const first = await Trainer.create(options(dir), THETA);
    const stopped = await first.run({ toStep: 5, checkpointEvery: 2 });
    await first.dispose();
    expect(stopped).toMatchObject({ step: 5, aborted: false });
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([2, 4, 5]);

    const resumed = await Trainer.resume({ ...options(dir), seed: -1 });
    expect(resumed.step).toBe(5);
    expect(resumed.seed).toBe(7);
    const lossesB: StepReport[] = [];
    await resumed.run({ fromStep: 5, toStep: 12, onStep: (r) => lossesB.push(r) });
    const b = resumed.state();
    await resumed.dispose();

    expect(b.step).toBe(12);
    for (const key of ['theta', 'm', 'v'] as const)
      expect(bytes(b[key]).equals(bytes(a[key])), key).toBe(true);
    // Steps 6..12 (1-based) are indices 5..11.
    expect(lossesB).toEqual(lossesA.slice(5));
    expect(lossesA.map((r) => r.step)).toEqual([...Array(12).keys()]);
    expect(lossesA.every((r) => Number.isFinite(r.loss))).toBe(true);
    expect(a.theta).not.toEqual(THETA);
  });

  it('stops on an aborted signal after the current step with a checkpoint there', async () => {
    const trainer = await Trainer.create(options(runDir), THETA);
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await trainer.run({
      toStep: 12,
      checkpointEvery: 10,
      signal: controller.signal,
      onStep: (r) => {
        seen.push(r.step);
        if (r.step === 2) controller.abort();
      },
    });
    expect(result).toMatchObject({ step: 3, aborted: true });
    expect(seen).toEqual([0, 1, 2]);
    const ckpt = await loadLatestCheckpoint(runDir);
    expect(ckpt?.step).toBe(3);
    expect(bytes(ckpt!.params[0]!.data as FlatState).equals(bytes(trainer.state().theta))).toBe(true);
    expect(ckpt?.rng).toEqual({ seed: 7 });
    expect(ckpt?.config).toEqual({ recipe: 'test-mlp' });

    // An already aborted signal runs nothing more and leaves the checkpoint as it is.
    const again = await trainer.run({ toStep: 12, signal: controller.signal });
    expect(again).toMatchObject({ step: 3, aborted: true });
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([3]);
    await trainer.dispose();
  });

  it('rejects a fromStep that does not match and a resume without checkpoints', async () => {
    const trainer = await Trainer.create(options(runDir), THETA);
    await expect(trainer.run({ fromStep: 3, toStep: 5 })).rejects.toThrow(/fromStep 3/);
    await trainer.dispose();
    await expect(Trainer.resume(options(join(runDir, 'empty')))).rejects.toThrow(/no checkpoint/);
  });
});
