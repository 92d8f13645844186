/**
 * @file Training checkpoints on disk: one safetensors file per checkpoint holding the parameters
 * and both Adam moments (`param/NAME`, `adam_m/NAME`, `adam_v/NAME`) with the step, RNG state,
 * model config and parameter layout as JSON strings in `__metadata__`, so a run resumes from the
 * file alone and Python tooling can still open it. Files live in `RUN/checkpoints/` as
 * `ckpt-<step, 9 digits>.safetensors` and are written atomically: temp name in the same folder,
 * fsync, rename, fsync of the folder; a failed write removes its temp file, so a crash or a full
 * disk never leaves a partial checkpoint under a real name.
 */
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeSafetensors, safetensorsChunks, type NamedTensor } from '../safetensors';
import { writeAtomically } from '../../node/files';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CheckpointState {
  /** Optimiser steps completed; the resumed run's next step index. */
  step: number;
  /** Parameters (a flat theta or one tensor per parameter; the layout says which). */
  params: NamedTensor[];
  /** Adam first and second moments: the same names, dtypes and shapes as params. */
  m: NamedTensor[];
  v: NamedTensor[];
  /** Whatever the trainer needs to restore its random streams (sampler, augmentation). */
  rng: Json;
  config: Json;
  layout: Json;
}

export interface CheckpointInfo {
  step: number;
  path: string;
  bytes: number;
}

export const CHECKPOINT_FORMAT = 'pose-studio.checkpoint';
export const CHECKPOINT_VERSION = '1';
const FILE_PATTERN = /^ckpt-(\d+)\.safetensors$/;
const GROUPS = [
  ['params', 'param/'],
  ['m', 'adam_m/'],
  ['v', 'adam_v/'],
] as const;

export function checkpointsDir(runDir: string): string {
  return join(runDir, 'checkpoints');
}

export function checkpointPath(runDir: string, step: number): string {
  return join(checkpointsDir(runDir), `ckpt-${String(step).padStart(9, '0')}.safetensors`);
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** m and v must mirror params one to one, or a resume would silently misalign the update. */
function checkMoments(state: Pick<CheckpointState, 'params' | 'm' | 'v'>, where: string): void {
  const shapes = new Map(state.params.map((t) => [t.name, `${t.dtype}[${t.shape.join(',')}]`]));
  if (shapes.size !== state.params.length) throw new CheckpointError(`${where}: duplicate parameter names`);
  for (const key of ['m', 'v'] as const) {
    const moments = state[key];
    if (moments.length !== shapes.size) {
      throw new CheckpointError(`${where}: ${moments.length} ${key} tensors for ${shapes.size} parameters`);
    }
    for (const t of moments) {
      const expected = shapes.get(t.name);
      if (expected === undefined) throw new CheckpointError(`${where}: ${key} '${t.name}' has no parameter`);
      const actual = `${t.dtype}[${t.shape.join(',')}]`;
      if (actual !== expected) {
        throw new CheckpointError(`${where}: ${key} '${t.name}' is ${actual}, its parameter ${expected}`);
      }
    }
  }
}

function jsonString(value: Json, field: string): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new CheckpointError(`${field} is not JSON-serialisable`);
  return text;
}

/** Save `state` as RUN/checkpoints/ckpt-STEP.safetensors, replacing one of the same step. */
export async function saveCheckpoint(runDir: string, state: CheckpointState): Promise<CheckpointInfo> {
  if (!Number.isSafeInteger(state.step) || state.step < 0) {
    throw new CheckpointError(`step must be an integer >= 0, got ${state.step}`);
  }
  checkMoments(state, 'checkpoint');
  const tensors = GROUPS.flatMap(([key, prefix]) => state[key].map((t) => ({ ...t, name: prefix + t.name })));
  const metadata = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: String(state.step),
    rng: jsonString(state.rng, 'rng'),
    config: jsonString(state.config, 'config'),
    layout: jsonString(state.layout, 'layout'),
  };
  const chunks = safetensorsChunks(tensors, metadata);
  const path = checkpointPath(runDir, state.step);
  await mkdir(dirname(path), { recursive: true });
  const bytes = await writeAtomically(path, chunks);
  return { step: state.step, path, bytes };
}

function parseJsonField(metadata: Record<string, string>, field: string, where: string): Json {
  const text = metadata[field];
  if (text === undefined) throw new CheckpointError(`${where}: metadata has no '${field}'`);
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new CheckpointError(`${where}: metadata '${field}' is not JSON (${(error as Error).message})`);
  }
}

/** Read and validate one checkpoint file; errors name the file and the problem. */
export async function loadCheckpoint(path: string): Promise<CheckpointState> {
  const where = basename(path);
  let file;
  try {
    file = decodeSafetensors(await readFile(path));
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    throw new CheckpointError(`${where}: ${(error as Error).message}`);
  }
  const { metadata, tensors } = file;
  if (metadata.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(`${where}: not a Pose Studio checkpoint`);
  if (metadata.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`${where}: checkpoint version ${metadata.version ?? '?'} is not supported`);
  }
  const step = Number(metadata.step);
  if (!/^\d+$/.test(metadata.step ?? '') || !Number.isSafeInteger(step)) {
    throw new CheckpointError(`${where}: bad step '${metadata.step ?? ''}'`);
  }
  const state: CheckpointState = {
    step,
    params: [],
    m: [],
    v: [],
    rng: parseJsonField(metadata, 'rng', where),
    config: parseJsonField(metadata, 'config', where),
    layout: parseJsonField(metadata, 'layout', where),
  };
  for (const tensor of tensors) {
    const group = GROUPS.find(([, prefix]) => tensor.name.startsWith(prefix));
    if (group === undefined) throw new CheckpointError(`${where}: unexpected tensor '${tensor.name}'`);
    state[group[0]].push({ ...tensor, name: tensor.name.slice(group[1].length) });
  }
  checkMoments(state, where);
  return state;
}

/** The run's checkpoints by ascending step (temp files and strangers ignored). */
export async function listCheckpoints(runDir: string): Promise<CheckpointInfo[]> {
  const dir = checkpointsDir(runDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: CheckpointInfo[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (match === null) continue;
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isFile()) found.push({ step: Number(match[1]), path, bytes: info.size });
  }
  return found.sort((a, b) => a.step - b.step);
}

export async function loadLatestCheckpoint(runDir: string): Promise<CheckpointState | null> {
  const latest = (await listCheckpoints(runDir)).at(-1);
  return latest === undefined ? null : loadCheckpoint(latest.path);
}

/** Delete all but the newest `keep` checkpoints; returns the removed paths. */
export async function pruneCheckpoints(runDir: string, keep: number): Promise<string[]> {
  if (!Number.isSafeInteger(keep) || keep < 1)
    throw new RangeError(`keep must be an integer >= 1, got ${keep}`);
  const all = await listCheckpoints(runDir);
  const doomed = all.slice(0, Math.max(0, all.length - keep)).map((info) => info.path);
  for (const path of doomed) await rm(path, { force: true });
  return doomed;
}
