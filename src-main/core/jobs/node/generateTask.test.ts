import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Generator } from '../../generate/types';
import { testFillGenerator } from '../../../../tests/helpers/testGenerators';
import { runGenerateTask, type GenerateTask } from './generateTask';
import { sha256Hex } from '../../media/node/mediaStore';

const keypoints = Array.from({ length: 17 }, (_, k): [number, number, 0 | 1 | 2] => [10 + k, 20 + k * 3, 2]);
const task = (over: Partial<GenerateTask['params']> = {}, generatorId = 'test-fill'): GenerateTask => ({
  generatorId,
  pose: { width: 100, height: 120, keypoints },
  params: { width: 96, height: 64, prompt: 'a red shirt', seed: 7, count: 1, options: {}, ...over },
});
const registry = new Map<string, Generator>([[testFillGenerator.id, testFillGenerator]]);

describe('a generation item in a worker', () => {
  it('encodes RGB PNG, 16-bit depth PNG, 8-bit parts PNG and a WebP thumbnail, hashed', async () => {
    const item = await runGenerateTask(registry, task());
    const byRole = new Map(item.files.map((file) => [file.role, file]));
    expect([...byRole.keys()].sort()).toEqual(['depth', 'parts', 'rgb', 'thumb']);
    for (const file of item.files) expect(file.sha256).toBe(sha256Hex(file.data));
    const rgb = await sharp(byRole.get('rgb')!.data).metadata();
    expect(rgb).toMatchObject({ format: 'png', width: 96, height: 64, channels: 3, depth: 'uchar' });
    const depth = await sharp(byRole.get('depth')!.data).metadata();
    expect(depth).toMatchObject({ format: 'png', channels: 1, depth: 'ushort' });
    const parts = await sharp(byRole.get('parts')!.data).metadata();
    expect(parts).toMatchObject({ format: 'png', channels: 1, depth: 'uchar' });
    const thumb = await sharp(byRole.get('thumb')!.data).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: 96, height: 64 });
    expect(item.variant).toMatchObject({ width: 96, height: 64, prompt: 'a red shirt', seed: 7 });
    expect(item.variant).not.toHaveProperty('rgba');
  });

  it('keeps depth values and part labels exactly', async () => {
    const item = await runGenerateTask(registry, task());
    const [drawn] = await testFillGenerator.generate(
      task().pose,
      task().params,
      new AbortController().signal,
    );
    const depthPng = item.files.find((file) => file.role === 'depth')!.data;
    const raw = await sharp(depthPng).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
    expect(Array.from(new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2))).toEqual(
      Array.from(drawn!.depth!),
    );
    const partsPng = item.files.find((file) => file.role === 'parts')!.data;
    expect(Array.from(await sharp(partsPng).extractChannel(0).raw().toBuffer())).toEqual(
      Array.from(drawn!.parts!),
    );
  });

  it('thumbnails fit in 128 px and the same item gives the same bytes', async () => {
    const a = await runGenerateTask(registry, task({ width: 512, height: 256 }));
    const b = await runGenerateTask(registry, task({ width: 512, height: 256 }));
    expect(a.files.map((file) => file.sha256)).toEqual(b.files.map((file) => file.sha256));
    const thumb = await sharp(a.files.find((file) => file.role === 'thumb')!.data).metadata();
    expect([thumb.width, thumb.height]).toEqual([128, 64]);
    const other = await runGenerateTask(registry, task({ width: 512, height: 256, seed: 8 }));
    expect(other.files.find((file) => file.role === 'rgb')!.sha256).not.toBe(a.files[0]!.sha256);
  });

  it('refuses unknown generators and malformed output clearly', async () => {
    await expect(runGenerateTask(registry, task({}, 'nope'))).rejects.toThrow(/unknown generator "nope"/);
    const broken: Generator = {
      id: 'broken',
      name: 'Broken',
      description: '',
      optionsSchema: z.object({}),
      async generate(pose, params, signal) {
        const [variant] = await testFillGenerator.generate(pose, params, signal);
        return [{ ...variant!, rgba: variant!.rgba.subarray(0, 10) }];
      },
    };
    const withBroken = new Map([...registry, ['broken', broken]]);
    await expect(runGenerateTask(withBroken, task({}, 'broken'))).rejects.toThrow(/10 RGBA bytes/);
  });

  it("encodes a generator's control image as the condition PNG, and refuses one of the wrong size", async () => {
    const withCondition = (condition: Uint8Array): Generator => ({
      ...{ id: 'steered', name: 'Steered', description: '', optionsSchema: z.object({}) },
      async generate(pose, params, signal) {
        const [variant] = await testFillGenerator.generate(pose, params, signal);
        return [{ ...variant!, condition }];
      },
    });
    const map = new Uint8Array(96 * 64 * 4).map((_, i) => (i % 4 === 3 ? 255 : i % 7));
    const item = await runGenerateTask(new Map([['steered', withCondition(map)]]), task({}, 'steered'));
    const file = item.files.find((f) => f.role === 'condition')!;
    const { data, info } = await sharp(file.data).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([96, 64, 3]);
    expect(Array.from(data.subarray(0, 6))).toEqual([0, 1, 2, 4, 5, 6]);
    expect(item.variant).not.toHaveProperty('condition');
    const wrong = new Map([['steered', withCondition(map.subarray(4))]]);
    await expect(runGenerateTask(wrong, task({}, 'steered'))).rejects.toThrow(
      /condition image of the wrong size/,
    );
  });
});
