/**
 * The sample starter fills a project through the contract: presets and their augmentations
 * imported through poses.import (keypoints and occlusion flags intact), tagged for selection,
 * and no temp file left behind.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient, createMemoryTransport, StudioError } from '../../contract';
import { createTestStudio } from '../../../tests/helpers/studio';
import { loadPresets } from '../pose/presets';
import { createStudio } from '../studio';
import { fillSampleProject } from './sample';

const presets = loadPresets();

describe('fillSampleProject', async () => {
  const { client, projectDir } = await createTestStudio();

  it('imports every preset and four augmentations of each, tagged for selection', async () => {
    const report = await fillSampleProject(client);
    expect(report).toMatchObject({ presets: presets.length, perPreset: 5, poses: presets.length * 5 });
    const count = async (tags: string[]): Promise<number> =>
      (await client.call('poses.count', { filter: { tags } })).count;
    expect(await count(['sample'])).toBe(presets.length * 5);
    expect(await count(['preset'])).toBe(presets.length);
    expect(await count(['augmented'])).toBe(presets.length * 4);
    expect(await count(['sample', 'walking-side'])).toBe(5);
    const sideViews = presets.filter((p) => p.tags.includes('side')).length;
    expect(await count(['side'])).toBe(sideViews * 5);
    const sources = await client.call('poses.sources', {});
    expect(sources.items).toEqual([
      expect.objectContaining({ file: 'pose-studio-presets.json', format: 'controlnet' }),
    ]);
  });

  it('keeps each preset exactly as authored, occlusion flags included', async () => {
    for (const name of ['standing-back', 'walking-side', 'lying']) {
      const preset = presets.find((p) => p.name === name)!;
      const page = await client.call('poses.list', { filter: { tags: [name, 'preset'] } });
      expect(page.items).toHaveLength(1);
      const pose = page.items[0]!;
      expect({ width: pose.width, height: pose.height }).toEqual({ width: 512, height: 512 });
      pose.keypoints.forEach(([x, y, v], i) => {
        const [px, py, pv] = preset.keypoints[i]!;
        expect(x).toBeCloseTo(px, 6);
        expect(y).toBeCloseTo(py, 6);
        expect(v).toBe(pv);
      });
      expect(pose.tags).toEqual(expect.arrayContaining(['sample', name, 'preset', ...preset.tags]));
    }
  });

  it('leaves nothing in tmp/', () => {
    expect(readdirSync(join(projectDir, 'tmp'))).toEqual(['uploads']);
  });

  it('refuses without an open project, and a bad count', async () => {
    const studio = await createStudio({ transport: 'memory' });
    try {
      const bare = createClient(createMemoryTransport(studio.dispatch, studio.hub));
      await expect(fillSampleProject(bare)).rejects.toMatchObject({ code: 'NO_PROJECT' });
    } finally {
      await studio.close();
    }
    await expect(fillSampleProject(client, { perPreset: 0 })).rejects.toBeInstanceOf(StudioError);
  });
});
