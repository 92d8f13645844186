import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelReportSchema, type ModelReport } from '../../../../contract';
import { tempDir } from '../../../../../tests/helpers/paths';
import {
  buildSdModelFolder,
  type BrokenVariant,
  type SdFixtureOptions,
} from '../../../../../tests/helpers/sdModels';
import { inspectModelFolder } from './inspect';
import { describeSignatures } from './signatures';

const root = tempDir('sd-inspect-');
let n = 0;
const fresh = (options: SdFixtureOptions) => buildSdModelFolder(join(root, `m${n++}`, 'model'), options);

function files(report: ModelReport): Record<string, string> {
  return Object.fromEntries(report.components.map((c) => [c.name, c.file]));
}

interface Expected {
  layout: ModelReport['layout'];
  unet: string;
  controlnet: string;
  precision: 'float32' | 'float16';
  ids: string;
  timestep: [string, 0 | 1];
  scale: string | null;
  residual1: [string, string];
  encoder: 'latent_parameters' | 'latent_sample' | null;
}

const LAYOUTS: [string, SdFixtureOptions, Expected][] = [
  [
    'Optimum',
    { layout: 'optimum' },
    {
      layout: 'optimum',
      unet: 'unet/model.onnx',
      controlnet: 'controlnet/model.onnx',
      precision: 'float32',
      ids: 'int64',
      timestep: ['float32', 0],
      scale: 'float32',
      residual1: ['down_block_1_additional_residual', 'down_block_1_additional_residual'],
      encoder: 'latent_parameters',
    },
  ],
  [
    'diffusers script / Amblyopius',
    { layout: 'diffusers-onnx', vaeEncoder: false },
    {
      layout: 'diffusers-onnx',
      unet: 'unet/model.onnx',
      controlnet: 'controlnet/model.onnx',
      precision: 'float32',
      ids: 'int32',
      timestep: ['int64', 1],
      scale: null,
      // output[1] is down residual 1 despite its name (§1.4)
      residual1: ['mid_block_res_sample', 'down_block_1'],
      encoder: null,
    },
  ],
  [
    'Amblyopius fp16, residual inputs declared in string order',
    {
      layout: 'diffusers-onnx',
      precision: 'float16',
      residualInputOrder: 'lexicographic',
      staticSpatial: true,
    },
    {
      layout: 'diffusers-onnx',
      unet: 'unet/model.onnx',
      controlnet: 'controlnet/model.onnx',
      precision: 'float16',
      ids: 'int32',
      timestep: ['float16', 1],
      scale: null,
      residual1: ['mid_block_res_sample', 'down_block_1'],
      encoder: 'latent_sample',
    },
  ],
  [
    'OnnxStack (ControlNet nested in controlnet_onnx/)',
    { layout: 'onnxstack' },
    {
      layout: 'onnxstack',
      unet: 'controlnet/model.onnx',
      controlnet: 'controlnet_onnx/controlnet/openpose.onnx',
      precision: 'float32',
      ids: 'int32',
      timestep: ['float32', 1],
      scale: 'float64',
      residual1: ['down_block_1_additional_residual', 'down_block_1_additional_residual'],
      encoder: 'latent_sample',
    },
  ],
  [
    'Axodox fp16 (ControlNet beside the folder)',
    {
      layout: 'onnxstack',
      precision: 'float16',
      controlnetAt: '../controlnet_onnx/controlnet/openpose.onnx',
    },
    {
      layout: 'onnxstack',
      unet: 'controlnet/model.onnx',
      controlnet: '../controlnet_onnx/controlnet/openpose.onnx',
      precision: 'float16',
      ids: 'int32',
      timestep: ['float16', 1],
      scale: 'float64',
      residual1: ['down_block_1_additional_residual', 'down_block_1_additional_residual'],
      encoder: 'latent_sample',
    },
  ],
];

describe('inspectModelFolder: supported layouts', () => {
  for (const [label, options, want] of LAYOUTS) {
    it(`${label}`, async () => {
      const folder = fresh(options);
      const report = ModelReportSchema.parse(await inspectModelFolder(folder.root));
      expect(report.issues).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.layout).toBe(want.layout);
      expect(files(report)).toMatchObject({
        textEncoder: 'text_encoder/model.onnx',
        unet: want.unet,
        controlnet: want.controlnet,
        vaeDecoder: 'vae_decoder/model.onnx',
        tokenizer: 'tokenizer',
      });
      expect(files(report).vaeEncoder).toBe(want.encoder ? 'vae_encoder/model.onnx' : undefined);
      for (const c of report.components)
        expect(c.precision, c.name).toBe(c.name === 'tokenizer' ? 'none' : want.precision);
      expect([report.latentChannels, report.textHiddenSize, report.residualCount]).toEqual([4, 16, 13]);
      expect(report.vaeScalingFactor).toBe(0.18215);

      const sig = describeSignatures(report);
      expect(sig.textEncoder.inputIds.dtype).toBe(want.ids);
      expect(sig.textEncoder.hiddenSize).toBe(16);
      for (const graph of [sig.unet, sig.controlnet]) {
        expect([graph.timestep.dtype, graph.timestep.rank]).toEqual(want.timestep);
        expect(graph.floatDtype).toBe(want.precision);
      }
      expect(sig.controlnet.conditioningScale?.dtype ?? null).toBe(want.scale);
      expect(sig.residuals).toHaveLength(13);
      expect([sig.residuals[1]!.output, sig.residuals[1]!.input]).toEqual(want.residual1);
      expect(sig.residuals[12]!.input).toBe('mid_block_additional_residual');
      expect(sig.residuals.slice(0, 12).map((r) => r.input.replace(/\D+/g, ' ').trim())).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i)),
      );
      expect(sig.vaeEncoder?.outputKind ?? null).toBe(want.encoder);
      expect(sig.tokenizerDir).toBe('tokenizer');
    });
  }

  it('finds a ControlNet given explicitly anywhere, and refuses a graph that is not one', async () => {
    const folder = fresh({ layout: 'onnxstack', controlnetAt: '../../elsewhere/pose-cn.onnx' });
    const lost = await inspectModelFolder(folder.root);
    expect(lost.ok).toBe(false);
    expect(lost.issues.map((i) => i.message).join()).toMatch(/no ControlNet found/);
    const found = await inspectModelFolder(folder.root, { controlnetPath: folder.controlnet });
    expect(found.ok).toBe(true);
    expect(files(found).controlnet).toBe('../../elsewhere/pose-cn.onnx');
    const wrong = await inspectModelFolder(folder.root, { controlnetPath: folder.vaeDecoder });
    expect(wrong.issues).toContainEqual(
      expect.objectContaining({
        component: 'controlnet',
        file: 'vae_decoder/model.onnx',
        tensor: 'controlnet_cond',
      }),
    );
  });

  it('reads scaling_factor from vae_decoder/config.json and defaults to 0.18215 without it', async () => {
    const custom = await inspectModelFolder(fresh({ layout: 'optimum', vaeScalingFactor: 0.13025 }).root);
    expect(custom.vaeScalingFactor).toBe(0.13025);
    const none = await inspectModelFolder(fresh({ layout: 'optimum', vaeScalingFactor: null }).root);
    expect(none.vaeScalingFactor).toBe(0.18215);
  });

  it('hashes content, not location; totalBytes counts graphs, external weights and tokenizer files', async () => {
    const a = fresh({ layout: 'optimum' });
    const b = fresh({ layout: 'optimum' });
    const c = fresh({ layout: 'optimum', seed: 2 });
    const [ra, rb, rc] = await Promise.all([a, b, c].map((f) => inspectModelFolder(f.root)));
    expect(ra!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rb!.hash).toBe(ra!.hash);
    expect(rc!.hash).not.toBe(ra!.hash);
    const sizes = (dir: string): number =>
      readdirSync(dir).reduce((sum, name) => {
        const p = join(dir, name);
        const s = statSync(p);
        if (s.isDirectory()) return sum + sizes(p);
        return sum + (/\.onnx(_data)?$/.test(name) || dir.endsWith('tokenizer') ? s.size : 0);
      }, 0);
    expect(ra!.totalBytes).toBe(sizes(a.root));
  });

  it('inspects on the CPU with a warning when the asked provider cannot start', async () => {
    const report = await inspectModelFolder(fresh({ layout: 'diffusers-onnx' }).root, { provider: 'coreml' });
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/CoreML.*CPU/) }),
    ]);
  });

  it('refuses a path that is not a folder', async () => {
    const report = await inspectModelFolder(join(root, 'nope'));
    expect(report.ok).toBe(false);
    expect(report.issues[0]!.message).toMatch(/is not a folder/);
  });
});

const BROKEN: [BrokenVariant, string, string | RegExp | null, RegExp][] = [
  ['missing-file', 'vae_decoder/model.onnx', null, /VAE decoder is missing/],
  ['missing-external-data', 'unet/model.onnx', /^w_\d+$/, /"weights\.pb".*missing/],
  ['missing-merges', 'tokenizer/merges.txt', null, /merges\.txt/],
  ['residual-count', 'controlnet/model.onnx', '2793', /emits 12 residuals/],
  ['residual-shape', 'unet/model.onnx', 'down_block_4', /expects 7 channels.*has 6/],
  ['hidden-size', 'unet/model.onnx', 'encoder_hidden_states', /hidden size 16.*produces 24/],
  ['input-dtype', 'text_encoder/model.onnx', 'input_ids', /float32; token ids must be int32 or int64/],
  ['contrib-op', 'unet/model.onnx', null, /GroupNorm, which has no kernel on the CPU/],
  ['no-residual-inputs', 'unet/model.onnx', null, /takes no ControlNet residuals/],
  ['cond-channels', 'controlnet/model.onnx', 'controlnet_cond', /4 image channels.*expected 3/],
];

describe('inspectModelFolder: broken folders are refused with the file and tensor named', () => {
  for (const [broken, file, tensor, message] of BROKEN) {
    it(broken, async () => {
      const report = await inspectModelFolder(fresh({ layout: 'diffusers-onnx', broken }).root);
      expect(report.ok).toBe(false);
      const issue = report.issues.find((i) => i.severity === 'error' && i.file === file);
      expect(issue, JSON.stringify(report.issues)).toBeDefined();
      if (tensor instanceof RegExp) expect(issue!.tensor).toMatch(tensor);
      else expect(issue!.tensor).toBe(tensor);
      expect(issue!.message).toMatch(message);
      expect(issue!.message).toContain(file);
      if (issue!.tensor) expect(issue!.message).toContain(issue!.tensor);
      expect(() => describeSignatures(report)).toThrow(/cannot be used/);
    });
  }

  it('an OnnxStack folder whose ControlNet-UNet lacks its external weights names that file', async () => {
    const report = await inspectModelFolder(
      fresh({ layout: 'onnxstack', broken: 'missing-external-data' }).root,
    );
    // Only that issue: the plain unet/model.onnx beside it is not taken instead.
    expect(report.issues).toEqual([
      expect.objectContaining({
        component: 'unet',
        file: 'controlnet/model.onnx',
        tensor: expect.stringMatching(/^w_\d+$/),
        message: expect.stringContaining('"model.onnx.data"'),
      }),
    ]);
  });
});
