import { writeAtomically } from '../../node/files';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../safetensors';
import {
  checkpointPath,
  checkpointsDir,
  listCheckpoints,
  loadCheckpoint,
  loadLatestCheckpoint,
  pruneCheckpoints,
  saveCheckpoint,
  type CheckpointState,
} from './checkpoint';

let run: string;
beforeEach(async () => {
  run = await mkdtemp(join(tmpdir(), 'ckpt-'));
});
afterEach(async () => {
  await rm(run, { recursive: true, force: true });
});

/** Awkward float bit patterns on purpose: NaN payloads, -0, subnormals must survive. */
function tricky(n: number, seed: number): Float32Array {
  const bits = new Uint32Array(n).map((_, i) => (Math.imul(i + seed, 2654435761) >>> 0) ^ (seed << 3));
  bits[0] = 0x7fc01234; // NaN with a payload
  bits[1] = 0x80000000; // -0
  bits[2] = 0x00000001; // smallest subnormal
  return new Float32Array(bits.buffer);
}

function state(step: number): CheckpointState {
  const tensors = (seed: number): NamedTensor[] => [
    { name: 'theta', dtype: 'F32', shape: [37], data: tricky(37, seed) },
    { name: 'blocks.0.attn.qkv.weight', dtype: 'F32', shape: [4, 12], data: tricky(48, seed + 1) },
  ];
  return {
    step,
    params: tensors(1),
    m: tensors(2),
    v: tensors(3),
    rng: { sampler: [1, 2, 3, 4], augment: '0xdeadbeef' },
    config: { recipe: 'genpoccl', vit: { depth: 2, width: 4 } },
    layout: [{ name: 'theta', offset: 0, shape: [37], decay: true }],
  };
}

function bits(tensors: NamedTensor[]): string[] {
  return tensors.map(
    (t) => `${t.name}:${t.dtype}:${t.shape.join('x')}:${Buffer.from(t.data.buffer).toString('hex')}`,
  );
}

describe('checkpoints', () => {
  it('round-trips parameters, moments, step, rng, config and layout bit-exactly', async () => {
    const saved = state(1234);
    const info = await saveCheckpoint(run, saved);
    expect(info.path).toBe(join(run, 'checkpoints', 'ckpt-000001234.safetensors'));
    const loaded = await loadCheckpoint(info.path);
    expect(loaded.step).toBe(1234);
    expect(bits(loaded.params)).toEqual(bits(saved.params));
    expect(bits(loaded.m)).toEqual(bits(saved.m));
    expect(bits(loaded.v)).toEqual(bits(saved.v));
    expect([loaded.rng, loaded.config, loaded.layout]).toEqual([saved.rng, saved.config, saved.layout]);
    const raw = decodeSafetensors(await readFile(info.path));
    expect(raw.tensors.map((t) => t.name)).toContain('adam_v/blocks.0.attn.qkv.weight');
    expect(raw.metadata.format).toBe('pose-studio.checkpoint');
  });

  it('lists by step, loads the latest, prunes the oldest and ignores temp files', async () => {
    expect(await listCheckpoints(run)).toEqual([]);
    expect(await loadLatestCheckpoint(run)).toBeNull();
    for (const step of [20, 3, 100]) await saveCheckpoint(run, state(step));
    await writeFile(join(checkpointsDir(run), '.ckpt-000000200.safetensors.abc.tmp'), 'partial');
    expect((await listCheckpoints(run)).map((c) => c.step)).toEqual([3, 20, 100]);
    expect((await loadLatestCheckpoint(run))?.step).toBe(100);
    expect(await pruneCheckpoints(run, 2)).toEqual([checkpointPath(run, 3)]);
    expect((await listCheckpoints(run)).map((c) => c.step)).toEqual([20, 100]);
  });

  it('leaves no partial file when a write fails midway', async () => {
    const target = join(run, 'x.bin');
    function* failing(): Generator<Uint8Array> {
      yield new Uint8Array(1024);
      throw new Error('disk full');
    }
    await expect(writeAtomically(target, failing())).rejects.toThrow('disk full');
    expect(await readdir(run)).toEqual([]);
  });

  it('leaves no temp file when the final rename fails, and keeps what was there', async () => {
    await saveCheckpoint(run, state(1));
    // A non-empty folder squatting on the target name makes rename() fail after the data is written.
    await mkdir(checkpointPath(run, 7));
    await writeFile(join(checkpointPath(run, 7), 'keep'), 'x');
    await expect(saveCheckpoint(run, state(7))).rejects.toThrow();
    expect((await readdir(checkpointsDir(run))).sort()).toEqual([
      'ckpt-000000001.safetensors',
      'ckpt-000000007.safetensors',
    ]);
    expect((await loadCheckpoint(checkpointPath(run, 1))).step).toBe(1);
  });

  it('rejects inconsistent state before writing anything', async () => {
    const bad = state(5);
    bad.m = bad.m.slice(1);
    await expect(saveCheckpoint(run, bad)).rejects.toThrow(/1 m tensors for 2 parameters/);
    const shape = state(5);
    shape.v[0] = { ...shape.v[0]!, shape: [1, 37] };
    await expect(saveCheckpoint(run, shape)).rejects.toThrow(
      /v 'theta' is F32\[1,37\], its parameter F32\[37\]/,
    );
    await expect(saveCheckpoint(run, { ...state(5), step: -1 })).rejects.toThrow(/step/);
    expect(await listCheckpoints(run)).toEqual([]);
  });

  it('rejects damaged or foreign files with the file name in the error', async () => {
    const { path } = await saveCheckpoint(run, state(9));
    const good = await readFile(path);
    await writeFile(path, good.subarray(0, good.length - 10));
    await expect(loadCheckpoint(path)).rejects.toThrow(/ckpt-000000009\.safetensors: .*truncated/);
    const foreign = join(run, 'foreign.safetensors');
    const tensor: NamedTensor = { name: 'w', dtype: 'F32', shape: [1], data: new Float32Array(1) };
    await writeFile(foreign, encodeSafetensors([tensor], { format: 'pt' }));
    await expect(loadCheckpoint(foreign)).rejects.toThrow(/not a Pose Studio checkpoint/);
    const meta = {
      format: 'pose-studio.checkpoint',
      version: '1',
      step: '1',
      rng: '{',
      config: '{}',
      layout: '[]',
    };
    const renamed = { ...tensor, name: 'param/w' };
    await writeFile(foreign, encodeSafetensors([renamed], meta));
    await expect(loadCheckpoint(foreign)).rejects.toThrow(/metadata 'rng' is not JSON/);
    await writeFile(foreign, encodeSafetensors([renamed], { ...meta, rng: 'null' }));
    await expect(loadCheckpoint(foreign)).rejects.toThrow(/0 m tensors for 1 parameters/);
  });
});
