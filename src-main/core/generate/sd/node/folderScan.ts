/**
 * @file What a model folder holds, from its files alone (research/sd-controlnet-onnx.md §1.1, §1.6):
 * where a ControlNet may be (OnnxStack/Axodox ship it as a separate file, often beside the model
 * folder), which exporter's layout it is, the VAE scaling factor, and whether the tokenizer files a
 * JS CLIP tokenizer needs are there and consistent. model_index.json is read as a hint only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ModelComponent, ModelIssue, ModelLayout } from '../../../../contract';

export const SD15_VAE_SCALING_FACTOR = 0.18215;

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function onnxFiles(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.onnx'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Files that may be the ControlNet, most likely first: `controlnet/model.onnx`, other graphs in
 * `controlnet/`, `controlnet_onnx/controlnet/` and `controlnet_onnx/` (the axodoxian/controlnet_onnx
 * layout) inside the folder, then the same folders beside it. Names with "pose" come first in each.
 */
export function controlnetCandidates(root: string): string[] {
  const parent = dirname(root);
  const dirs = [
    join(root, 'controlnet'),
    join(root, 'controlnet_onnx', 'controlnet'),
    join(root, 'controlnet_onnx'),
    join(parent, 'controlnet_onnx', 'controlnet'),
    join(parent, 'controlnet_onnx'),
    join(parent, 'controlnet'),
  ];
  const out: string[] = [];
  for (const dir of dirs) {
    const files = onnxFiles(dir);
    const rank = (f: string) => (/pose/i.test(basename(f)) ? 0 : basename(f) === 'model.onnx' ? 1 : 2);
    for (const f of [...files].sort((a, b) => rank(a) - rank(b))) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** model_index.json's _class_name, when the file exists and parses. */
export function modelIndexClass(root: string): string | null {
  try {
    const index = readJson(join(root, 'model_index.json')) as { _class_name?: unknown };
    return typeof index._class_name === 'string' ? index._class_name : null;
  } catch {
    return null;
  }
}

export interface LayoutEvidence {
  root: string;
  /** The ControlNet-aware UNet's path relative to the folder, when one was found. */
  unetFile: string | null;
  /** Base names of every external-data file the graphs reference. */
  externalFiles: ReadonlySet<string>;
  /** The UNet's residual input names. */
  residualInputs: readonly string[];
}

/**
 * OnnxStack: the ControlNet-aware UNet is controlnet/model.onnx, or Olive's `model.onnx.data`.
 * Optimum: a config.json beside the component graphs, or `model.onnx_data`.
 * diffusers script / Amblyopius (and diffusers.js, which cannot be told apart by its files):
 * `weights.pb`, an `Onnx*Pipeline` model_index.json, or `down_block_N` residual inputs.
 */
export function detectLayout(e: LayoutEvidence): ModelLayout {
  const hint = modelIndexClass(e.root);
  if (e.unetFile === 'controlnet/model.onnx' || e.externalFiles.has('model.onnx.data')) return 'onnxstack';
  const optimumConfig = ['unet', 'text_encoder'].some((c) => existsSync(join(e.root, c, 'config.json')));
  if (optimumConfig || e.externalFiles.has('model.onnx_data')) return 'optimum';
  if (
    e.externalFiles.has('weights.pb') ||
    hint?.startsWith('Onnx') ||
    e.residualInputs.some((n) => /^down_block_\d+$/.test(n))
  )
    return 'diffusers-onnx';
  if (hint === 'StableDiffusionPipeline') return 'optimum';
  return 'unknown';
}

/** vae_decoder/config.json's scaling_factor, else SD 1.x's 0.18215 (§1.1). */
export function readScalingFactor(root: string): number {
  try {
    const config = readJson(join(root, 'vae_decoder', 'config.json')) as { scaling_factor?: unknown };
    const f = config.scaling_factor;
    return typeof f === 'number' && f > 0 ? f : SD15_VAE_SCALING_FACTOR;
  } catch {
    return SD15_VAE_SCALING_FACTOR;
  }
}

export const TOKENIZER_FILES = [
  'vocab.json',
  'merges.txt',
  'tokenizer_config.json',
  'special_tokens_map.json',
];

function tokenName(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string')
    return (value as { content: string }).content;
  return null;
}

/** bos/eos as tokenizer_config.json (or special_tokens_map.json) names them, else CLIP's. */
function specialTokens(dir: string): { bos: string; eos: string } {
  const out = { bos: '<|startoftext|>', eos: '<|endoftext|>' };
  for (const file of ['special_tokens_map.json', 'tokenizer_config.json']) {
    try {
      const config = readJson(join(dir, file)) as Record<string, unknown>;
      out.bos = tokenName(config.bos_token) ?? out.bos;
      out.eos = tokenName(config.eos_token) ?? out.eos;
    } catch {
      // absent or unreadable: keep the defaults / the other file's values
    }
  }
  return out;
}

/** The tokenizer component (vocab.json + merges.txt), or null with the issues that say why not. */
export function checkTokenizer(root: string, issues: ModelIssue[]): ModelComponent | null {
  const dir = join(root, 'tokenizer');
  const error = (file: string, message: string) =>
    issues.push({
      severity: 'error',
      component: 'tokenizer',
      file,
      tensor: null,
      message: `${file}: ${message}`,
    });
  const onnxOnly = ['model.onnx', 'cliptokenizer.onnx'].some(
    (f) => existsSync(join(dir, f)) || existsSync(join(root, f)),
  );
  const hint = onnxOnly
    ? ' (only a tokenizer ONNX graph is here; it needs onnxruntime-extensions, which onnxruntime-node cannot load)'
    : '';
  let failed = false;
  for (const file of ['vocab.json', 'merges.txt'])
    if (!existsSync(join(dir, file))) {
      error(`tokenizer/${file}`, `is missing; the CLIP tokenizer needs vocab.json and merges.txt${hint}`);
      failed = true;
    }
  if (failed) return null;
  let vocab: Record<string, unknown>;
  try {
    vocab = readJson(join(dir, 'vocab.json')) as Record<string, unknown>;
    if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) throw new Error('not an object');
  } catch (err) {
    error(
      'tokenizer/vocab.json',
      `is not a JSON token -> id map (${err instanceof Error ? err.message : String(err)})`,
    );
    return null;
  }
  const { bos, eos } = specialTokens(dir);
  for (const token of [bos, eos])
    if (typeof vocab[token] !== 'number') {
      error('tokenizer/vocab.json', `has no id for the special token ${token}`);
      failed = true;
    }
  if (failed) return null;
  const bytes = TOKENIZER_FILES.reduce(
    (n, f) => n + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0),
    0,
  );
  return { name: 'tokenizer', file: 'tokenizer', bytes, precision: 'none', inputs: [], outputs: [] };
}
