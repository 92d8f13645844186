import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ImageItem, loadImageStore } from './imageCache';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ps-imagecache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Keypoints with only joint `j` labeled at (x, y). */
function oneJoint(j: number, x: number, y: number): number[] {
  const kp = new Array<number>(51).fill(0);
  kp.splice(3 * j, 3, x, y, 2);
  return kp;
}

/** A W x H RGB PNG of `rgb` with a 2x2 white block whose centre is (x, y) (integers). */
async function writePng(
  name: string,
  W: number,
  H: number,
  rgb: [number, number, number],
  dot?: [number, number],
) {
  const raw = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i += 1) raw.set(rgb, i * 3);
  if (dot)
    for (const [dx, dy] of [
      [-1, -1],
      [0, -1],
      [-1, 0],
      [0, 0],
    ] as const)
      raw.fill(255, ((dot[1] + dy) * W + dot[0] + dx) * 3, ((dot[1] + dy) * W + dot[0] + dx) * 3 + 3);
  const file = join(dir, name);
  await sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toFile(file);
  return file;
}

const pixel = (px: Uint8Array, W: number, x: number, y: number, base = 0) => [
  ...px.subarray(base + (y * W + x) * 3, base + (y * W + x) * 3 + 3),
];

describe('loadImageStore', () => {
  it('letterboxes on grey and maps keypoints the same way', async () => {
    const file = await writePng('wide.png', 40, 20, [0, 0, 200], [30, 5]);
    const items: ImageItem[] = [{ file, width: 40, height: 20, keypoints: oneJoint(9, 30, 5) }];
    const store = await loadImageStore(items, [32, 32]);
    expect([store.count, store.height, store.width]).toEqual([1, 32, 32]);
    expect(store.pixels.length).toBe(32 * 32 * 3);
    // 40x20 fits as 32x16, centred: rows 0-7 and 24-31 are grey bars.
    expect(pixel(store.pixels, 32, 5, 2)).toEqual([128, 128, 128]);
    expect(pixel(store.pixels, 32, 5, 29)).toEqual([128, 128, 128]);
    expect(pixel(store.pixels, 32, 5, 12)).toEqual([0, 0, 200]);
    expect([...store.keypoints.subarray(27, 30)]).toEqual([24, 12, 2]); // (30, 5) * 0.8 + (0, 8)
    expect(store.keypoints[0]).toBe(0);
    // The drawn dot is where the keypoint says.
    let best = 0;
    for (let i = 0; i < 32 * 32; i += 1) if (store.pixels[i * 3]! > store.pixels[best * 3]!) best = i;
    expect(Math.hypot((best % 32) + 0.5 - 24, Math.floor(best / 32) + 0.5 - 12)).toBeLessThan(1.5);
  });

  it('drops alpha and turns grey images into RGB', async () => {
    const rgba = join(dir, 'alpha.png');
    await sharp(Buffer.alloc(8 * 8 * 4, 100), { raw: { width: 8, height: 8, channels: 4 } })
      .png()
      .toFile(rgba);
    const grey = join(dir, 'grey.png');
    await sharp(Buffer.alloc(8 * 8, 60), { raw: { width: 8, height: 8, channels: 1 } })
      .png()
      .toFile(grey);
    const kp = oneJoint(0, 4, 4);
    const store = await loadImageStore(
      [
        { file: rgba, width: 8, height: 8, keypoints: kp },
        { file: grey, width: 8, height: 8, keypoints: kp },
      ],
      [8, 8],
    );
    expect(pixel(store.pixels, 8, 3, 3)).toEqual([100, 100, 100]);
    expect(pixel(store.pixels, 8, 3, 3, 8 * 8 * 3)).toEqual([60, 60, 60]);
  });

  it('reuses a matching cache without decoding, and rebuilds a stale one', async () => {
    const files = await Promise.all(
      [0, 1, 2].map((i) => writePng(`v${i}.png`, 16, 24, [i * 50, 10, 20], [8, 12])),
    );
    const items = files.map((file, i) => ({ file, width: 16, height: 24, keypoints: oneJoint(i, 8, 12) }));
    const cacheFile = join(dir, 'cache', 'store.bin');
    const progress: number[] = [];
    const first = await loadImageStore(items, [12, 12], {
      cacheFile,
      concurrency: 2,
      onProgress: (d) => progress.push(d),
    });
    expect(progress.sort()).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, 'cache'))).toEqual(['store.bin']); // no temporary left behind
    await Promise.all(files.map((f) => rm(f)));
    const second = await loadImageStore(items, [12, 12], { cacheFile });
    expect(second.pixels).toEqual(first.pixels);
    expect(second.keypoints).toEqual(first.keypoints);
    expect([second.count, second.height, second.width]).toEqual([3, 12, 12]);
    // Another size, or other keypoints, is another store: it must decode (and the files are gone).
    await expect(loadImageStore(items, [12, 16], { cacheFile })).rejects.toThrow(/v0\.png/);
    const moved = items.map((it) => ({ ...it, keypoints: oneJoint(0, 1, 1) }));
    await expect(loadImageStore(moved, [12, 12], { cacheFile })).rejects.toThrow(/v0\.png/);
  });

  it('rebuilds a corrupt cache instead of trusting it', async () => {
    const file = await writePng('a.png', 8, 8, [10, 20, 30]);
    const items = [{ file, width: 8, height: 8, keypoints: oneJoint(0, 1, 1) }];
    const cacheFile = join(dir, 'store.bin');
    const good = await loadImageStore(items, [8, 8], { cacheFile });
    await writeFile(cacheFile, Buffer.from('garbage'));
    expect((await loadImageStore(items, [8, 8], { cacheFile })).pixels).toEqual(good.pixels);
  });

  it('names a missing or broken file', async () => {
    const ok = await writePng('ok.png', 8, 8, [1, 2, 3]);
    const broken = join(dir, 'broken.png');
    await writeFile(broken, 'this is not a png');
    const kp = oneJoint(0, 1, 1);
    await expect(
      loadImageStore(
        [
          { file: ok, width: 8, height: 8, keypoints: kp },
          { file: broken, width: 8, height: 8, keypoints: kp },
        ],
        [8, 8],
      ),
    ).rejects.toThrow(/broken\.png/);
    await expect(
      loadImageStore([{ file: join(dir, 'nope.png'), width: 8, height: 8, keypoints: kp }], [8, 8]),
    ).rejects.toThrow(/nope\.png/);
  });

  it('aborts between images with an AbortError and writes no cache', async () => {
    const files = await Promise.all([0, 1, 2, 3].map((i) => writePng(`a${i}.png`, 8, 8, [i, i, i])));
    const items = files.map((file) => ({ file, width: 8, height: 8, keypoints: oneJoint(0, 1, 1) }));
    const controller = new AbortController();
    const cacheFile = join(dir, 'store.bin');
    const done: number[] = [];
    const loading = loadImageStore(items, [8, 8], {
      cacheFile,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (d) => {
        done.push(d);
        if (d === 1) controller.abort();
      },
    });
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
    expect(done).toEqual([1]);
    expect(await readdir(dir)).not.toContain('store.bin');
  });

  it('rejects keypoints that are not COCO-17', async () => {
    await expect(
      loadImageStore([{ file: 'x.png', width: 8, height: 8, keypoints: [1, 2, 2] }], [8, 8]),
    ).rejects.toThrow(/x\.png has 3 keypoint values/);
  });
});
