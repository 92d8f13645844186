import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionProviderSchema } from '../../../../contract';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder, feedsFor, sizesOf } from '../../../../../tests/helpers/sdModels';
import {
  classifySessionError,
  createSessionWithFallback,
  listProviders,
  SessionCreateError,
  sessionOptionsFor,
} from './providers';

const root = tempDir('sd-providers-');
const good = buildSdModelFolder(join(root, 'good'), { layout: 'diffusers-onnx' });
const contrib = buildSdModelFolder(join(root, 'contrib'), { layout: 'diffusers-onnx', broken: 'contrib-op' });

/** onnxruntime-node's CUDA provider library; absent when its install script did not download it. */
const cudaLibrary = join(
  dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
  `../bin/napi-v6/${process.platform}/${process.arch}/libonnxruntime_providers_cuda.so`,
);

describe('listProviders', () => {
  it('lists every provider id once, the CPU always', () => {
    const providers = listProviders();
    expect(providers.map((p) => p.id)).toEqual(ExecutionProviderSchema.options);
    expect(providers.find((p) => p.id === 'cpu')).toMatchObject({ listed: true });
    for (const p of providers) expect(p.note.length).toBeGreaterThan(10);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'on linux x64 lists CUDA and WebGPU, not DirectML or CoreML',
    () => {
      const listed = Object.fromEntries(listProviders().map((p) => [p.id, p.listed]));
      expect(listed).toEqual({ cpu: true, cuda: true, webgpu: true, dml: false, coreml: false });
    },
  );
});

describe('sessionOptionsFor', () => {
  it('turns memory patterns off for DirectML and passes the device id', () => {
    const dml = sessionOptionsFor('dml', { deviceId: 1, threads: 2 });
    expect(dml).toMatchObject({
      executionProviders: [{ name: 'dml', deviceId: 1 }],
      enableMemPattern: false,
      executionMode: 'sequential',
      intraOpNumThreads: 2,
      graphOptimizationLevel: 'all',
    });
    const cpu = sessionOptionsFor('cpu', { optimization: 'disabled', freeDimensionOverrides: { batch: 2 } });
    expect(cpu).toMatchObject({
      executionProviders: ['cpu'],
      enableMemPattern: true,
      graphOptimizationLevel: 'disabled',
      freeDimensionOverrides: { batch: 2 },
    });
    expect(cpu).not.toHaveProperty('intraOpNumThreads');
  });
});

describe('createSessionWithFallback', () => {
  it.runIf(!existsSync(cudaLibrary))(
    'falls back from CUDA to the CPU with a warning, and the session runs',
    async () => {
      const result = await createSessionWithFallback(good.vaeDecoder, 'cuda');
      try {
        expect(result.provider).toBe('cpu');
        expect(result.warning).toMatch(
          /^CUDA could not be used for model\.onnx \(.+\); running on the CPU instead\.$/,
        );
        const out = await result.session.run(feedsFor(result.session, sizesOf(good.config)));
        expect(out.sample!.dims).toEqual([2, 3, 64, 64]);
      } finally {
        await result.session.release();
      }
    },
  );

  it.runIf(process.platform !== 'win32')('falls back from DirectML off Windows', async () => {
    const result = await createSessionWithFallback(good.textEncoder, 'dml');
    await result.session.release();
    expect(result.provider).toBe('cpu');
    expect(result.warning).toMatch(/DirectML could not be used/);
  });

  it('uses the CPU without a warning when asked for it', async () => {
    const result = await createSessionWithFallback(good.textEncoder, 'cpu', { threads: 1 });
    await result.session.release();
    expect([result.provider, result.warning]).toEqual(['cpu', null]);
  });

  it('reports a GPU-only operator as missing-kernel, naming it, also after a fallback', async () => {
    for (const provider of ['cpu', 'coreml'] as const) {
      const err = await createSessionWithFallback(contrib.unet, provider).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SessionCreateError);
      expect(err).toMatchObject({
        kind: 'missing-kernel',
        op: 'GroupNorm',
        provider: 'cpu',
        file: contrib.unet,
      });
      expect((err as Error).message).toMatch(
        /^model\.onnx uses the operator GroupNorm, which has no kernel on the CPU/,
      );
    }
  });
});

describe('classifySessionError', () => {
  it.each([
    ["Failed to find kernel for BiasSplitGelu(1) (node 'x')", 'missing-kernel', 'BiasSplitGelu'],
    ['External data path does not exist: "/m/unet/weights.pb"', 'external-data', null],
    ['OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library', 'provider', null],
    ['Protobuf parsing failed.', 'invalid-model', null],
    ['something else', 'other', null],
  ])('%s -> %s', (message, kind, op) => {
    const err = classifySessionError(new Error(message), '/m/unet/model.onnx', 'cuda');
    expect([err.kind, err.op]).toEqual([kind, op]);
    expect(err.ortMessage).toBe(message);
  });
});
