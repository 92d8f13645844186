import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder } from '../../../../../tests/helpers/sdModels';
import { hashModelFiles, readGraphFacts } from './modelFiles';

const root = tempDir('sd-files-');

describe('readGraphFacts', () => {
  it('lists the external-data references and the inputs in declared order', async () => {
    const folder = buildSdModelFolder(join(root, 'opt'), { layout: 'optimum' });
    const facts = readGraphFacts(folder.unet);
    // The fixture UNet's weights: conv_in weight and bias, and the text projection.
    expect(facts.externals).toHaveLength(3);
    expect(new Set(facts.externals.map((r) => r.location))).toEqual(new Set(['model.onnx_data']));
    expect(facts.externals[0]!.tensor).toMatch(/^w_\d+$/);
    const session = await ort.InferenceSession.create(folder.unet);
    expect(facts.inputNames).toEqual(session.inputNames);
    await session.release();
    expect(readGraphFacts(folder.textEncoder)).toEqual({ externals: [], inputNames: ['input_ids'] });
  });

  it('throws on a file that is not a protobuf message', () => {
    const bad = join(root, 'bad.onnx');
    writeFileSync(bad, Buffer.from([0x0f, 0xff, 0xff]));
    expect(() => readGraphFacts(bad)).toThrow(/malformed protobuf/);
  });
});

describe('hashModelFiles', () => {
  const MIB = 1 << 20;

  it('covers the label, the size and the first and last MiB, nothing in between', () => {
    const path = join(root, 'big.bin');
    const data = new Uint8Array(3 * MIB).map((_, i) => i % 251);
    const hash = () => hashModelFiles([{ label: 'unet/model.onnx_data', path }]);
    writeFileSync(path, data);
    const base = hash();
    const flip = (bytes: Uint8Array, at: number) => bytes.set([bytes[at]! ^ 1], at);
    flip(data, Math.floor(1.5 * MIB));
    writeFileSync(path, data);
    expect(hash()).toBe(base);
    for (const at of [0, MIB - 1, 2 * MIB, 3 * MIB - 1]) {
      const copy = data.slice();
      flip(copy, at);
      writeFileSync(path, copy);
      expect(hash(), `byte ${at}`).not.toBe(base);
    }
    writeFileSync(path, data);
    expect(hashModelFiles([{ label: 'vae/model.onnx_data', path }])).not.toBe(hash());
    writeFileSync(path, data.subarray(0, 3 * MIB - 1));
    expect(hash()).not.toBe(base);
  });

  it('hashes a small file whole and skips absent files', () => {
    const a = join(root, 'a.json');
    writeFileSync(a, '{"a":1}');
    const one = hashModelFiles([{ label: 'a', path: a }]);
    expect(
      hashModelFiles([
        { label: 'a', path: a },
        { label: 'b', path: join(root, 'absent') },
      ]),
    ).toBe(one);
    writeFileSync(a, '{"a":2}');
    expect(hashModelFiles([{ label: 'a', path: a }])).not.toBe(one);
  });
});
