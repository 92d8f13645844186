/**
 * @file Helpers for training tests: a project with sample poses, mannequin variants generated at a
 * small size and (optionally) accepted, ready for train.start; and a micro-model request.
 */
import { join } from 'node:path';
import type { StudioClient, TrainRequestInput } from '../../src-main/contract';
import { fillSampleProject } from '../../src-main/core/node/sample';
import { openGenStudio, waitForJob, type GenStudio } from './generation';
import { tempDir } from './paths';

export type TrainProject = GenStudio & { dir: string; variantIds: number[] };

/** All variant ids of the project (paged). */
export async function allVariantIds(client: StudioClient): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await client.call('variants.list', { offset, limit: 500, newestFirst: false });
    ids.push(...page.items.map((v) => v.id));
    if (page.items.length < 500) return ids;
  }
}

/** Sample poses (perPreset per preset) x `variants` mannequin variants at 64 px; accepted when asked. */
export async function trainProject(
  options: { perPreset?: number; variants?: number; accept?: boolean } = {},
): Promise<TrainProject> {
  const dir = join(tempDir(), 'project');
  const gen = await openGenStudio(dir, { create: true });
  await fillSampleProject(gen.client, { perPreset: options.perPreset ?? 2 });
  const run = await gen.client.call('generate.start', {
    generator: 'mannequin',
    variantsPerPose: options.variants ?? 3,
    width: 64,
    height: 64,
    promptTemplate: 'a person in a {red|blue|green|yellow} {shirt|jacket}',
  });
  await waitForJob(gen.client, run.jobId, ['done'], 120_000);
  const variantIds = await allVariantIds(gen.client);
  if (options.accept ?? true)
    await gen.client.call('variants.review', { ids: variantIds, status: 'accepted' });
  return { ...gen, dir, variantIds };
}

export function microRequest(over: Partial<TrainRequestInput> = {}): TrainRequestInput {
  return {
    recipe: { recipe: 'genpoccl' },
    model: { preset: 'micro' },
    batch: { groups: 4, members: 2 },
    steps: 6,
    checkpointEvery: 3,
    keepCheckpoints: 5,
    optimizer: { warmupSteps: 2 },
    ...over,
  };
}
