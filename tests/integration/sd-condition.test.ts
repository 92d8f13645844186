/**
 * Integration: each `sd-controlnet` variant keeps the condition map the ControlNet was fed, as its
 * `condition` media (a real studio, real worker threads, the tiny random-weight Optimum folder of
 * tests/helpers/sdModels). The stored PNG is the OpenPose map of the variant's own keypoints at the
 * output size, pixel for pixel; the variants of one pose share one content-addressed file, other
 * poses get other maps; the mannequin stores none; doctor finds nothing wrong.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Variant } from '../../src-main/contract';
import { renderConditionMap } from '../../src-main/core/generate/conditionMap';
import { importPoses, openGenStudio, waitForJob, type GenStudio } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels';

let gen: GenStudio;
let projectDir: string;

beforeAll(async () => {
  projectDir = join(tempDir('sd-condition-'), 'project');
  gen = await openGenStudio(projectDir, { create: true });
  await importPoses(gen.client, tempDir(), 2);
  const root = buildSdModelFolder(join(tempDir('sd-condition-model-'), 'tiny'), { layout: 'optimum' }).root;
  await gen.client.call('models.add', { path: root, name: 'Tiny' });
}, 60_000);
afterAll(() => gen.studio.close());

async function run(generator: string, options: Record<string, unknown>, size: number): Promise<Variant[]> {
  const started = await gen.client.call('generate.start', {
    ...{ generator, width: size, height: size, variantsPerPose: 2, seed: 5, options },
  });
  const job = await waitForJob(gen.client, started.jobId, ['done', 'failed', 'cancelled']);
  expect(job.error ?? null).toBeNull();
  const { items } = await gen.client.call('variants.list', { filter: { runId: started.id }, limit: 100 });
  return items;
}

/** RGB bytes of a stored PNG. */
async function rgbOf(path: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(join(projectDir, 'media', path))
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return { data, width: info.width, height: info.height };
}

function rgbOfRgba(rgba: Uint8Array): Buffer {
  const rgb = Buffer.alloc((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) rgb.set(rgba.subarray(i, i + 3), j);
  return rgb;
}

describe('the condition map of an SD variant', () => {
  it('is stored per variant: the OpenPose map of its keypoints at the output size, one file per pose', async () => {
    const variants = await run('sd-controlnet', { steps: 2, previewEvery: 0 }, 64);
    expect(variants).toHaveLength(4);
    const byPose = new Map<number, Set<string>>();
    for (const v of variants) {
      expect(v.media.condition).not.toBeNull();
      const stored = await rgbOf(v.media.condition!);
      expect([stored.width, stored.height]).toEqual([64, 64]);
      const expected = rgbOfRgba(renderConditionMap(v.keypoints, 64, 64));
      expect(stored.data.equals(expected)).toBe(true);
      // A real map: some limb colour on the black background.
      expect(stored.data.some((byte) => byte > 0)).toBe(true);
      byPose.set(v.poseId, (byPose.get(v.poseId) ?? new Set()).add(v.media.condition!));
    }
    expect(byPose.size).toBe(2);
    const paths = [...byPose.values()].map((set) => [...set]);
    expect(paths.map((list) => list.length)).toEqual([1, 1]);
    expect(paths[0]![0]).not.toBe(paths[1]![0]);
    const doctor = await gen.client.call('doctor.check', {});
    expect(doctor.issues).toEqual([]);
  }, 60_000);

  it('is absent for the mannequin, which draws no condition', async () => {
    const variants = await run('mannequin', {}, 64);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v.media.condition).toBeNull();
  }, 60_000);
});
