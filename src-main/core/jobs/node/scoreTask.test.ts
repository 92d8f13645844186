import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgb, runScoreTask, type ScorerLike } from './scoreTask';

const dir = mkdtempSync(join(tmpdir(), 'score-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a scoring work item', () => {
  it('decodes grey, RGB and RGBA PNGs to 8-bit RGB', async () => {
    const grey = join(dir, 'grey.png');
    const rgba = join(dir, 'rgba.png');
    await sharp(Buffer.from([0, 128, 255, 64]), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toFile(grey);
    await sharp(Buffer.from([10, 20, 30, 255, 40, 50, 60, 0]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toFile(rgba);
    const g = await decodeRgb(grey);
    expect([g.width, g.height, g.channels, [...g.rgb.slice(0, 6)]]).toEqual([
      2,
      2,
      3,
      [0, 0, 0, 128, 128, 128],
    ]);
    const c = await decodeRgb(rgba);
    expect([...c.rgb]).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('hands pixels and keypoints to the scorer and copies back plain faces', async () => {
    const file = join(dir, 'img.png');
    await sharp(Buffer.alloc(4 * 4 * 3, 200), { raw: { width: 4, height: 4, channels: 3 } })
      .png()
      .toFile(file);
    let seen: { width: number; channels: number; keypoints: number } | null = null;
    const scorer: ScorerLike = {
      score(input) {
        seen = { width: input.width, channels: input.channels, keypoints: input.keypoints.length };
        return {
          scores: { 'image.blur': 3 },
          faces: [{ box: [1, 2, 3, 4], score: 0.5, keypoints: [[1, 1]] }],
          phash: 'ab',
        };
      },
    };
    const result = await runScoreTask(scorer, { variantId: 7, rgbPath: file, keypoints: [[1, 2, 2]] });
    expect(seen).toEqual({ width: 4, channels: 3, keypoints: 1 });
    expect(result).toMatchObject({ variantId: 7, scores: { 'image.blur': 3 }, phash: 'ab' });
    expect(result.faces).toEqual([{ box: [1, 2, 3, 4], score: 0.5, keypoints: [[1, 1]] }]);
    writeFileSync(join(dir, 'bad.png'), 'not a png');
    await expect(
      runScoreTask(scorer, { variantId: 8, rgbPath: join(dir, 'bad.png'), keypoints: [] }),
    ).rejects.toThrow();
  });
});
