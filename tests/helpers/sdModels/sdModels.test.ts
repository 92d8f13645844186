import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../paths';
import {
  buildSdModelFolder,
  controlnetOutputName,
  feedsFor,
  maxDiff,
  miniVocab,
  perturbed,
  resolveDim,
  sizesOf,
  unetResidualName,
  type FeedSizes,
  type SdFixtureOptions,
} from './index';

// onnxruntime-node 1.30 rejects float16 inputs when Float16Array exists (Node 24+, research §5.4);
// the documented workaround is to remove it before the first ORT tensor is made.
delete (globalThis as { Float16Array?: unknown }).Float16Array;

const VARIANTS: Record<string, SdFixtureOptions> = {
  optimum: { layout: 'optimum' },
  'optimum fp16': { layout: 'optimum', precision: 'float16' },
  'optimum LCM (timestep_cond [B, 32])': { layout: 'optimum', timestepCond: 32 },
  'optimum LCM fp16': { layout: 'optimum', precision: 'float16', timestepCond: 16 },
  'diffusers-onnx (int64 timestep)': { layout: 'diffusers-onnx' },
  'diffusers-onnx (float32 [B] timestep)': { layout: 'diffusers-onnx', timestep: 'float32-batch' },
  'diffusers-onnx fp16': { layout: 'diffusers-onnx', precision: 'float16' },
  'diffusers-onnx static, lexicographic inputs': {
    layout: 'diffusers-onnx',
    staticSpatial: true,
    residualInputOrder: 'lexicographic',
    latentSize: 16,
  },
  onnxstack: { layout: 'onnxstack' },
  'onnxstack fp16 (Axodox)': { layout: 'onnxstack', precision: 'float16' },
};

const root = tempDir('sd-fixtures-');

async function withSession<T>(file: string, use: (s: ort.InferenceSession) => Promise<T>): Promise<T> {
  const session = await ort.InferenceSession.create(file);
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

/** Runs the graph, then once per input with that input perturbed: every output must move. */
async function checkEveryInputMatters(file: string, sizes: FeedSizes): Promise<void> {
  await withSession(file, async (session) => {
    const feeds = feedsFor(session, sizes);
    const base = await session.run(feeds);
    for (const m of session.outputMetadata) {
      if (!m.isTensor) throw new Error('non-tensor output');
      expect(base[m.name]!.dims, `${file} ${m.name}`).toEqual(m.shape.map((d) => resolveDim(d, sizes)));
    }
    for (const name of session.inputNames) {
      const changed = await session.run({ ...feeds, [name]: perturbed(feeds[name]!) });
      for (const out of session.outputNames)
        expect(maxDiff(base[out]!, changed[out]!), `${file}: ${out} ignores ${name}`).toBeGreaterThan(0);
    }
  });
}

describe('tiny SD fixture folders', () => {
  for (const [label, options] of Object.entries(VARIANTS)) {
    it(`${label}: builds fast; every graph runs and depends on every input`, async () => {
      const folder = buildSdModelFolder(join(root, label.replace(/\W+/g, '-')), options);
      expect(folder.ms).toBeLessThan(1000);
      const sizes = sizesOf(folder.config);
      for (const file of [
        folder.textEncoder,
        folder.unet,
        folder.controlnet,
        folder.vaeDecoder,
        folder.vaeEncoder,
      ])
        if (file) await checkEveryInputMatters(file, sizes);
    });
  }

  it('ControlNet outputs feed the UNet by position, and a swapped pair of residuals changes the result', async () => {
    const folder = buildSdModelFolder(join(root, 'chain'), {
      layout: 'diffusers-onnx',
      timestep: 'float32-batch',
    });
    const sizes = sizesOf(folder.config);
    const residuals = await withSession(folder.controlnet, async (s) => s.run(feedsFor(s, sizes)));
    const outputs = await withSession(folder.unet, async (s) => {
      const feeds = feedsFor(s, sizes);
      for (let i = 0; i < 13; i++)
        feeds[unetResidualName('diffusers-onnx', i)] = residuals[controlnetOutputName('diffusers-onnx', i)]!;
      const wired = await s.run(feeds);
      // down 1 and down 2 have the same shape: a wiring mistake runs but gives another result.
      const swapped = await s.run({
        ...feeds,
        down_block_1: feeds.down_block_2!,
        down_block_2: feeds.down_block_1!,
      });
      return { wired, swapped };
    });
    expect(outputs.wired.out_sample!.dims).toEqual([2, 4, 8, 8]);
    expect(maxDiff(outputs.wired.out_sample!, outputs.swapped.out_sample!)).toBeGreaterThan(1e-4);
  });

  it('writes the tokenizer, scheduler and VAE configs and the layout-specific files', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const opt = buildSdModelFolder(join(root, 'files-optimum'), {
      layout: 'optimum',
      vaeScalingFactor: 0.13025,
    });
    expect(existsSync(join(opt.root, 'unet/model.onnx_data'))).toBe(true);
    expect(existsSync(join(opt.root, 'unet/config.json'))).toBe(true);
    const vae = JSON.parse(readFileSync(join(opt.root, 'vae_decoder/config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(vae.scaling_factor).toBe(0.13025);
    const vocab = JSON.parse(readFileSync(join(opt.root, 'tokenizer/vocab.json'), 'utf8')) as Record<
      string,
      number
    >;
    expect(vocab).toEqual(miniVocab());
    expect(vocab['<|endoftext|>']).toBe(Object.keys(vocab).length - 1);
    expect(readFileSync(join(opt.root, 'tokenizer/merges.txt'), 'utf8').split('\n')[0]).toBe('#version: 0.2');
    const ambl = buildSdModelFolder(join(root, 'files-ambl'), { layout: 'diffusers-onnx' });
    expect(existsSync(join(ambl.root, 'unet/weights.pb'))).toBe(true);
    const stack = buildSdModelFolder(join(root, 'files-stack'), { layout: 'onnxstack' });
    expect(existsSync(join(stack.root, 'controlnet/model.onnx.data'))).toBe(true);
    expect(existsSync(join(stack.root, 'controlnet_onnx/controlnet/openpose.onnx'))).toBe(true);
    expect(existsSync(join(stack.root, 'model_index.json'))).toBe(false);
  });

  it('an LCM UNet declares timestep_cond [B, n] and unet/config.json says time_cond_proj_dim n', async () => {
    const { readFileSync } = await import('node:fs');
    const unetConfig = (dir: string) =>
      (JSON.parse(readFileSync(join(dir, 'unet/config.json'), 'utf8')) as Record<string, unknown>)
        .time_cond_proj_dim;
    const lcm = buildSdModelFolder(join(root, 'lcm'), { layout: 'optimum', timestepCond: 32 });
    expect(unetConfig(lcm.root)).toBe(32);
    expect(unetConfig(buildSdModelFolder(join(root, 'not-lcm'), { layout: 'optimum' }).root)).toBeNull();
    await withSession(lcm.unet, async (s) => {
      const meta = s.inputMetadata.find((m) => m.name === 'timestep_cond');
      expect(meta).toMatchObject({ isTensor: true, type: 'float32', shape: ['batch_size', 32] });
    });
    expect(() => buildSdModelFolder(join(root, 'bad-lcm'), { layout: 'optimum', timestepCond: 2 })).toThrow(
      /timestepCond/,
    );
  });
});
