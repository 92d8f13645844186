import { afterAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../../../onnx/proto';
import { OnnxSession } from '../../../onnx/node/session';
import { createRng } from '../../../generate/prng';
import { type ImageStore, normalizeInto } from '../../data/augment';
import { buildEncoderOnnx, paramsFromFlat } from '../../export';
import { Graph } from '../../graph';
import * as op from '../../ops';
import { makeLayout } from '../../step';
import { type VitConfig, flattenParams, vitParams } from '../../vit';
import { runProbes } from '../probes';
import { type SampleMeta, extractFeatures, patchGridOf } from './features';

const SIZE = [8, 8] as const; // model input; 4 x 4 patches -> a 2 x 2 grid of 48-wide tokens
const sessions: OnnxSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.dispose();
});

/**
 * A weightless "encoder" with the exported encoder's interface: tokens are the raw 4 x 4
 * patches flattened (channel, row, col), [CLS] their mean, [POSE] their max, and the batch is
 * symbolic. Reshapes copy the batch dimension (0), so any batch size runs.
 */
async function toyEncoder(withPose: boolean): Promise<OnnxSession> {
  const g = new Graph();
  const images = g.input('images', [2, 3, 8, 8]);
  const split = g.emit('Reshape', [images, g.int64s([0, 3, 2, 4, 2, 4])], [2, 3, 2, 4, 2, 4]);
  const moved = op.transpose(split, [0, 2, 4, 1, 3, 5]);
  const patches = g.emit('Reshape', [moved, g.int64s([0, 4, 48])], [2, 4, 48]);
  const cls = op.reduceMean(patches, [1]);
  const pose = op.reduceMax(patches, [1]);
  const prefix = withPose ? [op.unsqueeze(cls, [1]), op.unsqueeze(pose, [1])] : [op.unsqueeze(cls, [1])];
  g.output(cls, 'cls');
  if (withPose) g.output(pose, 'pose');
  g.output(op.concat([...prefix, patches], 1), 'tokens');
  const model = g.toModel();
  const batch = (v: (typeof model.inputs)[number]) => ({ ...v, dims: ['batch', ...v.dims.slice(1)] });
  const bytes = encodeModel({ ...model, inputs: model.inputs.map(batch), outputs: model.outputs.map(batch) });
  const session = await OnnxSession.create(bytes);
  sessions.push(session);
  return session;
}

/** `count` random 16 x 8 images (taller than wide) with a few labeled joints each. */
function makeStore(count: number): ImageStore {
  const rng = createRng(4);
  const keypoints = new Float32Array(count * 51);
  for (let i = 0; i < count; i += 1) {
    keypoints.set([2 + i, 12, 2], i * 51); // nose
    keypoints.set([5, 3 + i, 1], i * 51 + 9 * 3); // left wrist
  }
  return {
    height: 16,
    width: 8,
    count,
    pixels: Uint8Array.from({ length: count * 16 * 8 * 3 }, () => rng.int(256)),
    keypoints,
  };
}

const samples: SampleMeta[] = Array.from({ length: 5 }, (_, i) => ({
  poseId: 100 + i,
  identity: i % 2 ? `id${i}` : null,
  attributes: { n: i },
}));

/** What the toy encoder computes for store image `s`: its 4 patches, flattened (c, y, x). */
function expectedPatches(store: ImageStore, s: number): number[][] {
  const img = new Float32Array(3 * 64);
  normalizeInto(img, 0, store, s, SIZE);
  return [0, 1, 2, 3].map((p) => {
    const [r, c] = [Math.floor(p / 2), p % 2];
    const out: number[] = [];
    for (let ch = 0; ch < 3; ch += 1)
      for (let y = 0; y < 4; y += 1)
        for (let x = 0; x < 4; x += 1) out.push(img[ch * 64 + (r * 4 + y) * 8 + c * 4 + x]!);
    return out;
  });
}

describe('extractFeatures', () => {
  const store = makeStore(5);
  const indices = [4, 0, 2, 3, 1];

  it('runs batches (the last one short) and lays out cls, pose, patches, keypoints and ground truth', async () => {
    const progress: number[][] = [];
    const set = await extractFeatures(await toyEncoder(true), {
      store,
      samples,
      indices,
      imageSize: SIZE,
      prefixTokens: 2,
      batchSize: 2,
      maxPatchFeatures: null,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(set).toMatchObject({ count: 5, dim: 48, patchDim: 192, patchGrid: [2, 2], aspect: 0.5 });
    indices.forEach((s, i) => {
      const patches = expectedPatches(store, s);
      patches.flat().forEach((v, j) => expect(set.patches[i * 192 + j]).toBeCloseTo(v, 5));
      for (let c = 0; c < 48; c += 1) {
        expect(set.cls[i * 48 + c]).toBeCloseTo(patches.reduce((sum, p) => sum + p[c]!, 0) / 4, 5);
        expect(set.pose![i * 48 + c]).toBeCloseTo(Math.max(...patches.map((p) => p[c]!)), 5);
      }
      expect(Array.from(set.keypoints.subarray(i * 51, i * 51 + 3))).toEqual([(2 + s) / 8, 12 / 16, 2]);
      expect(Array.from(set.keypoints.subarray(i * 51 + 27, i * 51 + 30))).toEqual([5 / 8, (3 + s) / 16, 1]);
      expect(set.keypoints[i * 51 + 5]).toBe(0); // an unlabeled joint
    });
    expect(set.poseIds).toEqual([104, 100, 102, 103, 101]);
    expect(set.identities).toEqual([null, null, null, 'id3', 'id1']);
    expect(set.attributes).toEqual(indices.map((s) => ({ n: s })));
  });

  it('pools the patch grid down to the feature cap, and works without a [POSE] output', async () => {
    const set = await extractFeatures(await toyEncoder(false), {
      store,
      samples,
      indices,
      imageSize: SIZE,
      prefixTokens: 1,
      batchSize: 3,
      maxPatchFeatures: 48,
    });
    expect(set.pose).toBeNull();
    expect(set).toMatchObject({ patchGrid: [1, 1], patchDim: 48 });
    // One cell averaging all four patches is exactly the toy's [CLS].
    set.patches.forEach((v, i) => expect(v).toBeCloseTo(set.cls[i]!, 5));
  });

  it('stops when aborted and refuses indices outside the store', async () => {
    const session = await toyEncoder(true);
    const input = { store, samples, indices, imageSize: SIZE, prefixTokens: 2 };
    const controller = new AbortController();
    controller.abort();
    await expect(extractFeatures(session, { ...input, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(extractFeatures(session, { ...input, indices: [5] })).rejects.toThrow(/store image 5/);
  });

  it('reads the patch grid off the token count', () => {
    expect(patchGridOf(128, [128, 64])).toEqual([16, 8]);
    expect(patchGridOf(64, [64, 64])).toEqual([8, 8]);
    expect(() => patchGridOf(10, [64, 64])).toThrow(/do not tile/);
  });

  it('extracts from a real exported encoder, ready for the probes', async () => {
    const config: VitConfig = {
      imageSize: [8, 8],
      patchSize: 4,
      channels: 3,
      dim: 16,
      depth: 1,
      heads: 2,
      mlpDim: 32,
      poseToken: true,
    };
    const params = vitParams(config, 3);
    const session = await OnnxSession.create(
      buildEncoderOnnx(config, paramsFromFlat(makeLayout(params.specs), flattenParams(params))),
    );
    sessions.push(session);
    const set = await extractFeatures(session, {
      store,
      samples,
      indices: [0, 1, 2, 3, 4],
      imageSize: SIZE,
      prefixTokens: 2,
      batchSize: 4,
    });
    expect(set).toMatchObject({ dim: 16, patchGrid: [2, 2], patchDim: 64 });
    expect(set.cls.every(Number.isFinite) && set.pose!.some((v) => v !== 0)).toBe(true);
    const report = runProbes(set, set);
    expect(report.counts.test).toBe(5);
  });
});
