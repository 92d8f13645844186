/**
 * @file The model, batch, optimizer and Python side shared by bench/train-vs-torch.ts and its
 * float64 check: our genpoccl train step on VIT_TINY, random batches in the sampler's P x K order,
 * and the arguments that make bench/torch/step_vit.py build the same model.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { OptimizerSchema } from '../../src-main/contract/training';
import type { Feed } from '../../src-main/core/onnx/node/session';
import { rng } from '../../src-main/core/train/gradcheck';
import { buildRecipe } from '../../src-main/core/train/recipes';
import { buildTrainStep } from '../../src-main/core/train/step';
import { VIT_TINY } from '../../src-main/core/train/vit';

export const VIT = VIT_TINY;
export const BATCH = { groups: 8, members: 4 };
export const B = BATCH.groups * BATCH.members;
export const IMAGES = 2 * B; // both views go through the encoder
export const RECIPE = { recipe: 'genpoccl' } as const;
export const OPT = OptimizerSchema.parse({});
export const SCRIPT = join(import.meta.dirname, 'step_vit.py');

export function buildOurs(dtype: 'float32' | 'float64') {
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
export function randomBatch(seed: number): Record<string, Feed> {
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
export function torchModelArgs(): string[] {
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

export function findPython(): string {
  const candidates = [process.env.POSE_BENCH_PYTHON, 'python3', '/usr/bin/python3'];
  for (const py of candidates) {
    if (!py) continue;
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  throw new Error('no Python with torch found (set POSE_BENCH_PYTHON)');
}

export function runPython(python: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(python, [SCRIPT, ...args, ...torchModelArgs()], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}
