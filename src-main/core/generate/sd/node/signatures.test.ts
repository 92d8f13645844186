import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelComponent, ModelReport, TensorInfo } from '../../../../contract';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder } from '../../../../../tests/helpers/sdModels';
import { inspectModelFolder } from './inspect';
import { analyzeComponents, describeSignatures, orderResidualInputs } from './signatures';

const root = tempDir('sd-signatures-');
let report: ModelReport;

beforeAll(async () => {
  const folder = buildSdModelFolder(join(root, 'static'), {
    layout: 'diffusers-onnx',
    staticSpatial: true,
    latentSize: 16,
  });
  report = await inspectModelFolder(folder.root);
  expect(report.ok).toBe(true);
});

/** The report's components with one component changed. */
function edit(name: ModelComponent['name'], change: (c: ModelComponent) => ModelComponent): ModelComponent[] {
  return report.components.map((c) => (c.name === name ? change(structuredClone(c)) : c));
}

function reshape(list: TensorInfo[], name: string, shape: TensorInfo['shape']): TensorInfo[] {
  return list.map((t) => (t.name === name ? { ...t, shape } : t));
}

const t = (name: string): TensorInfo => ({ name, dtype: 'float32', shape: [] });

describe('orderResidualInputs', () => {
  it('sorts down inputs by their first integer and puts mid last, ignoring other inputs', () => {
    const names = [
      'sample',
      'mid_block_additional_residual',
      'down_block_10',
      'down_block_2',
      'down_block_0',
      'timestep',
    ];
    const { down, mid } = orderResidualInputs(names.map(t));
    expect(down.map((d) => d.name)).toEqual(['down_block_0', 'down_block_2', 'down_block_10']);
    expect(mid.map((d) => d.name)).toEqual(['mid_block_additional_residual']);
  });
});

describe('analyzeComponents', () => {
  it('describes a good folder: 13 residual pairs, numeric h/2^k shapes', () => {
    const sig = describeSignatures(report);
    expect(sig.residuals.map((r) => r.input)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `down_block_${i}`),
      'mid_block_additional_residual',
    ]);
    expect(sig.unet.residualInputs.map((r) => r.shape[2])).toEqual([
      16, 16, 16, 8, 8, 8, 4, 4, 4, 2, 2, 2, 2,
    ]);
    expect(sig.unet.timestepCond).toBeNull();
  });

  it('refuses residuals whose size breaks the 1+3+3+3+2 rule, even when both graphs agree', () => {
    const wrong = (list: TensorInfo[], name: string) => reshape(list, name, ['batch', 4, 16, 16]);
    const components = edit('unet', (c) => ({ ...c, inputs: wrong(c.inputs, 'down_block_3') })).map((c) =>
      c.name === 'controlnet' ? { ...c, outputs: wrong(c.outputs, '2775') } : c,
    );
    const { issues, signatures } = analyzeComponents(components, 0.18215);
    expect(signatures).toBeNull();
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'unet/model.onnx',
        tensor: 'down_block_3',
        message: expect.stringMatching(/residual 3\) is 16 high; expected latent height \/ 2 = 8/),
      }),
    ]);
  });

  it("accepts LCM's timestep_cond [B, n] with a warning, refuses one without a fixed n and inputs it cannot feed", () => {
    const withCond = (shape: TensorInfo['shape']) =>
      edit('unet', (c) => ({
        ...c,
        inputs: [...c.inputs, { name: 'timestep_cond', dtype: 'float32', shape }],
      }));
    const a = analyzeComponents(withCond(['batch', 256]), 0.18215);
    expect(a.issues.map((i) => [i.severity, i.tensor])).toEqual([['warning', 'timestep_cond']]);
    expect(a.issues[0]!.message).toMatch(/LCM-distilled.*lcm scheduler/);
    expect(a.signatures?.unet.timestepCond).toMatchObject({ name: 'timestep_cond', dim: 256 });
    for (const shape of [
      ['batch', 'cond_dim'],
      ['batch', 256, 1],
    ] as TensorInfo['shape'][]) {
      const bad = analyzeComponents(withCond(shape), 0.18215);
      expect(bad.signatures).toBeNull();
      expect(bad.issues).toEqual([
        expect.objectContaining({
          severity: 'error',
          tensor: 'timestep_cond',
          message: expect.stringMatching(/\[batch, n\] with a fixed n/),
        }),
      ]);
    }
    const odd = edit('controlnet', (c) => ({ ...c, inputs: [...c.inputs, t('guess_mode')] }));
    expect(analyzeComponents(odd, 0.18215).issues).toEqual([
      expect.objectContaining({ severity: 'error', file: 'controlnet/model.onnx', tensor: 'guess_mode' }),
    ]);
  });

  it('refuses a rank-2 timestep and a 9-channel (inpainting) UNet', () => {
    const rank2 = edit('unet', (c) => ({ ...c, inputs: reshape(c.inputs, 'timestep', [1, 1]) }));
    expect(analyzeComponents(rank2, 1).issues[0]).toMatchObject({ tensor: 'timestep', severity: 'error' });
    const inpaint = edit('unet', (c) => ({
      ...c,
      inputs: reshape(c.inputs, 'sample', ['batch', 9, 16, 16]),
    }));
    expect(analyzeComponents(inpaint, 1).issues[0]!.message).toMatch(/sample: has 9 latent channels/);
  });

  it('only warns about a broken VAE encoder (it is optional)', () => {
    const bad = edit('vaeEncoder', (c) => ({
      ...c,
      outputs: reshape(c.outputs, 'latent_sample', ['batch', 5, 16, 16]),
    }));
    const a = analyzeComponents(bad, 1);
    expect(a.issues.map((i) => [i.severity, i.component, i.tensor])).toEqual([
      ['warning', 'vaeEncoder', 'latent_sample'],
    ]);
    expect(a.signatures).not.toBeNull();
    expect(a.signatures!.vaeEncoder).toBeNull();
  });
});
