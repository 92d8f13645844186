/**
 * @file Cross-check of the encoder export against PyTorch (a manual check, not a test: torch is
 * never a test dependency). Exports a randomly initialised ViT (default VIT_TINY; every value
 * perturbed so LayerNorms and tokens are not at their identity init) as timm safetensors and as
 * float32 and float16-weight ONNX models, runs the ONNX models on random images through
 * OnnxSession, writes everything to a temp dir and runs bench/torch/load_timm.py on it, which loads
 * the safetensors into a plain-PyTorch timm-style ViT with load_state_dict(strict=True) and prints
 * the max abs difference per output.
 *
 *   npx tsx bench/export-check.ts [preset=tiny|small] [batch=4] [--keep]
 *
 * Python: $PYTHON, else python3 or /usr/bin/python3, whichever imports torch and numpy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxSession } from '../src-main/core/onnx/node/session';
import { buildEncoderOnnx, encoderTimmSafetensors, paramsFromFlat } from '../src-main/core/train/export';
import { rng } from '../src-main/core/train/gradcheck';
import { makeLayout } from '../src-main/core/train/step';
import { VIT_PRESETS, flattenParams, vitParams } from '../src-main/core/train/vit';

const bytesOf = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** $PYTHON, else the first of python3 (maybe a pyenv shim) and Debian's /usr/bin/python3 that has torch. */
function pythonWithTorch(): string {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c) => c !== undefined);
  const found = candidates.find((c) => spawnSync(c, ['-c', 'import torch, numpy']).status === 0);
  if (found === undefined) throw new Error(`no python with torch and numpy among ${candidates.join(', ')}`);
  return found;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--keep');
  const keep = process.argv.includes('--keep');
  const preset = (args[0] ?? 'tiny') as keyof typeof VIT_PRESETS;
  const config = VIT_PRESETS[preset];
  if (!config) throw new Error(`unknown preset ${preset}; use ${Object.keys(VIT_PRESETS).join(' or ')}`);
  const batch = Number(args[1] ?? 4);
  const set = vitParams(config, 1);
  const next = rng(7);
  const theta = flattenParams(set).map((v) => v + 0.1 * (next() - 0.5));
  const params = paramsFromFlat(makeLayout(set.specs), theta);

  const dir = mkdtempSync(join(tmpdir(), 'pose-studio-export-'));
  const [h, w] = config.imageSize;
  const dims = [batch, config.channels, h, w];
  const images = new Float32Array(batch * config.channels * h * w).map(() => 2 * next() - 1);
  writeFileSync(join(dir, 'input.f32'), bytesOf(images));
  const safetensors = encoderTimmSafetensors(config, params);
  writeFileSync(join(dir, 'encoder.safetensors'), safetensors);
  const runs: Record<string, string[]> = {};
  for (const weights of ['float32', 'float16'] as const) {
    const run = weights === 'float32' ? 'fp32' : 'fp16';
    const model = buildEncoderOnnx(config, params, { weights });
    writeFileSync(join(dir, `encoder.${run}.onnx`), model);
    const session = await OnnxSession.create(model);
    const out = await session.runFloats({ images: { data: images, dims } });
    await session.dispose();
    for (const [name, data] of Object.entries(out))
      writeFileSync(join(dir, `${run}.${name}.f32`), bytesOf(Float32Array.from(data)));
    runs[run] = Object.keys(out);
    console.log(`${run}: ${model.length} bytes of ONNX`);
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ input_shape: dims, runs }));
  console.log(`${preset} ViT, batch ${batch}, safetensors ${safetensors.length} bytes, files in ${dir}`);

  const python = pythonWithTorch();
  const check = spawnSync(python, [join(__dirname, 'torch', 'load_timm.py'), dir], { stdio: 'inherit' });
  if (!keep) rmSync(dir, { recursive: true, force: true });
  if (check.error) throw check.error;
  process.exitCode = check.status ?? 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
