/**
 * @file Writes a whole tiny SD 1.5 + ControlNet model folder in one of the exporters' layouts
 * (research/sd-controlnet-onnx.md §1.1): graphs (UNet weights as external data under the layout's
 * file name), tokenizer, scheduler and VAE configs, model_index.json where the exporter writes one,
 * and the ControlNet where that exporter puts it. Broken variants remove or alter one thing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeGraph, type GraphSpec } from './onnxWriter';
import { controlnetGraph, textEncoderGraph, unetGraph, vaeDecoderGraph, vaeEncoderGraph } from './graphs';
import { resolveOptions, type FixtureConfig, type SdFixtureOptions } from './options';
import { miniTokenizerFiles } from './tokenizerFiles';

export interface SdModelFolder {
  root: string;
  /** Absolute paths of the graphs the pipeline uses. */
  textEncoder: string;
  /** The ControlNet-aware UNet (OnnxStack: controlnet/model.onnx). */
  unet: string;
  controlnet: string;
  vaeDecoder: string;
  vaeEncoder: string | null;
  config: FixtureConfig;
  /** Milliseconds the build took. */
  ms: number;
}

/** PNDM settings of SD 1.5 (§1.1). */
export const SD15_SCHEDULER_CONFIG = {
  _class_name: 'PNDMScheduler',
  _diffusers_version: '0.6.0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
};

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2));
}

function writeGraph(path: string, spec: GraphSpec, externalFile: string | null = null): void {
  mkdirSync(dirname(path), { recursive: true });
  // The graph name is the component folder, so identical options give identical bytes anywhere.
  const encoded = encodeGraph(spec, basename(dirname(path)), externalFile);
  writeFileSync(path, encoded.model);
  if (externalFile && encoded.external) writeFileSync(join(dirname(path), externalFile), encoded.external);
}

function modelIndex(cfg: FixtureConfig): Record<string, unknown> | null {
  const onnx = ['diffusers', 'OnnxRuntimeModel'];
  if (cfg.layout === 'optimum')
    return {
      _class_name: 'StableDiffusionPipeline',
      _diffusers_version: '0.30.0',
      scheduler: ['diffusers', 'PNDMScheduler'],
      text_encoder: ['transformers', 'CLIPTextModel'],
      tokenizer: ['transformers', 'CLIPTokenizer'],
      unet: ['diffusers', 'UNet2DConditionModel'],
      vae: ['diffusers', 'AutoencoderKL'],
    };
  if (cfg.layout === 'diffusers-onnx')
    return {
      _class_name: 'OnnxStableDiffusionPipeline',
      _diffusers_version: '0.14.0',
      controlnet: onnx,
      scheduler: ['diffusers', 'PNDMScheduler'],
      text_encoder: onnx,
      tokenizer: ['transformers', 'CLIPTokenizer'],
      unet: onnx,
      vae_decoder: onnx,
      vae_encoder: cfg.vaeEncoder ? onnx : [null, null],
    };
  return null;
}

/** Component config.json files: Optimum writes one beside every graph; everyone has the VAE's. */
function writeConfigs(root: string, cfg: FixtureConfig): void {
  const vae = {
    _class_name: 'AutoencoderKL',
    latent_channels: 4,
    block_out_channels: [8, 16],
    ...(cfg.vaeScalingFactor === null ? {} : { scaling_factor: cfg.vaeScalingFactor }),
  };
  writeJson(join(root, 'vae_decoder/config.json'), vae);
  if (cfg.vaeEncoder) writeJson(join(root, 'vae_encoder/config.json'), vae);
  if (cfg.layout !== 'optimum') return;
  writeJson(join(root, 'text_encoder/config.json'), {
    architectures: ['CLIPTextModel'],
    hidden_size: cfg.hiddenSize,
    max_position_embeddings: 77,
    model_type: 'clip_text_model',
  });
  writeJson(join(root, 'unet/config.json'), {
    _class_name: 'UNet2DConditionModel',
    sample_size: cfg.latentSize,
    in_channels: 4,
    cross_attention_dim: cfg.hiddenSize,
    block_out_channels: cfg.blockChannels,
    layers_per_block: 2,
    // diffusers writes null for a non-LCM UNet.
    time_cond_proj_dim: cfg.timestepCond === false ? null : cfg.timestepCond,
  });
}

function writeTokenizer(root: string, cfg: FixtureConfig): void {
  mkdirSync(join(root, 'tokenizer'), { recursive: true });
  for (const [name, text] of Object.entries(miniTokenizerFiles())) {
    if (cfg.broken === 'missing-merges' && name === 'merges.txt') continue;
    writeFileSync(join(root, 'tokenizer', name), text);
  }
}

/** Builds the folder under `dir` (created if needed) and returns where everything went. */
export function buildSdModelFolder(dir: string, options: SdFixtureOptions): SdModelFolder {
  const started = performance.now();
  const cfg = resolveOptions(options);
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const index = modelIndex(cfg);
  if (index) writeJson(join(root, 'model_index.json'), index);
  writeJson(join(root, 'scheduler/scheduler_config.json'), SD15_SCHEDULER_CONFIG);
  writeTokenizer(root, cfg);
  writeConfigs(root, cfg);

  const at = (rel: string) => resolve(root, rel);
  writeGraph(at('text_encoder/model.onnx'), textEncoderGraph(cfg));
  const residuals = cfg.broken !== 'no-residual-inputs';
  if (cfg.layout === 'onnxstack') writeGraph(at('unet/model.onnx'), unetGraph(cfg, false), cfg.externalFile);
  if (cfg.layout !== 'onnxstack' || residuals)
    writeGraph(at(cfg.unetAt), unetGraph(cfg, residuals), cfg.externalFile);
  writeGraph(at(cfg.controlnetAt), controlnetGraph(cfg));
  writeGraph(at('vae_decoder/model.onnx'), vaeDecoderGraph(cfg));
  if (cfg.vaeEncoder) writeGraph(at('vae_encoder/model.onnx'), vaeEncoderGraph(cfg, cfg.vaeEncoder));

  if (cfg.broken === 'missing-file') rmSync(at('vae_decoder/model.onnx'));
  if (cfg.broken === 'missing-external-data') rmSync(join(dirname(at(cfg.unetAt)), cfg.externalFile));
  return {
    root,
    textEncoder: at('text_encoder/model.onnx'),
    unet: at(cfg.unetAt),
    controlnet: at(cfg.controlnetAt),
    vaeDecoder: at('vae_decoder/model.onnx'),
    vaeEncoder: cfg.vaeEncoder ? at('vae_encoder/model.onnx') : null,
    config: cfg,
    ms: performance.now() - started,
  };
}
