/**
 * Integration: `sd-controlnet` variants through the same queue, review and training as the
 * mannequin's (issue 7), on a real studio with real generation, scoring and training worker threads:
 * a tiny random-weight model folder (tests/helpers/sdModels) makes 3 poses x 4 variants at 64x64 in
 * 3 steps with a seed per variant; a scoring job (stand-in scorer, tests/helpers/fakeScorer.ts)
 * scores every one so the review grid shows them as scored; a hand decision accepts them; the
 * dataset summary counts them with no blocking problem for genpoccl grouped by pose (grouping by
 * identity is refused, by design: a diffusion image has no identity ground truth); the run's frozen
 * dataset carries their keypoints and prompt attributes; a micro genpoccl run trains to the end and
 * evaluates: keypoints, pose retrieval and prompt attributes are probed, re-ID is not (no identity).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createMemoryTransport,
  type StudioClient,
  type Variant,
} from '../../src-main/contract';
import { openProject } from '../../src-main/core/node/project';
import { trainRunDir } from '../../src-main/core/node/trainRunner';
import { createStudio, type Studio } from '../../src-main/core/studio';
import { readFrozenDataset, type FrozenDataset } from '../../src-main/core/train/node/datasetFile';
import { fakeScorerModule } from '../helpers/fakeScorer';
import { importPoses, waitForJob } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels';
import { microRequest } from '../helpers/training';

const POSES = 3;
const PER_POSE = 4;
const TOTAL = POSES * PER_POSE;
/** genpoccl positives share a pose: 2 groups of 2 fit the 2 poses left after holding one out. */
const BATCH = { groups: 2, members: 2 };
const DATASET = { groupBy: 'pose', includeUnreviewed: false, evalFraction: 0.15 } as const;

let studio: Studio;
let client: StudioClient;
const dir = join(tempDir('sd-train-'), 'project');
let variants: Variant[] = [];

beforeAll(async () => {
  delete process.env.FAKE_SCORER_DELAY_MS;
  studio = await createStudio({
    transport: 'memory',
    projectDir: dir,
    create: true,
    validateOutput: true,
    scorerModule: fakeScorerModule,
    workers: 1,
  });
  client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
  await importPoses(client, tempDir(), POSES);
  const root = buildSdModelFolder(join(tempDir('sd-train-models-'), 'tiny'), { layout: 'optimum' }).root;
  await client.call('models.add', { path: root, name: 'Tiny' });
}, 60_000);

afterAll(async () => {
  await studio?.close();
});

async function frozenDataset(runId: number): Promise<FrozenDataset> {
  const project = openProject(dir);
  try {
    return await readFrozenDataset(trainRunDir(project, runId));
  } finally {
    project.catalog.close();
  }
}

describe('sd-controlnet variants through review and training', () => {
  it('generates 3 poses x 4 variants, each with its own seed and prompt attributes', async () => {
    const run = await client.call('generate.start', {
      generator: 'sd-controlnet',
      width: 64,
      height: 64,
      variantsPerPose: PER_POSE,
      promptTemplate: 'a person in a {red|blue|green|yellow} {shirt|jacket}',
      seedMode: 'increment',
      seed: 7,
      options: { steps: 3 },
    });
    const job = await waitForJob(client, run.jobId, ['done', 'failed', 'cancelled'], 60_000);
    expect(job.error ?? null).toBeNull();
    expect(job).toMatchObject({ state: 'done', done: TOTAL, total: TOTAL });
    variants = (await client.call('variants.list', { filter: { runId: run.id }, limit: 100 })).items;
    expect(variants).toHaveLength(TOTAL);
    expect(new Set(variants.map((v) => v.seed)).size).toBe(TOTAL);
    expect(new Set(variants.map((v) => v.poseId)).size).toBe(POSES);
    for (const v of variants) {
      expect([v.generator, v.width, v.height, v.status]).toEqual(['sd-controlnet', 64, 64, 'new']);
      expect(v.keypoints).toHaveLength(17);
      expect(v.attributes).toMatchObject({ source: 'prompt', top: { color: expect.any(String) } });
      expect(v.attributes.identity).toBeUndefined();
      // No depth or part maps (the pipeline has none); the training data never reads them.
      expect([v.media.depth, v.media.parts]).toEqual([null, null]);
    }
  }, 60_000);

  it('scores them in a job, so the review grid shows them scored and unreviewed', async () => {
    const ids = variants.map((v) => v.id);
    const queued = await client.call('quality.score', { filter: { generator: 'sd-controlnet' } });
    expect(queued.count).toBe(TOTAL);
    const job = await waitForJob(client, queued.jobId, ['done', 'failed'], 60_000);
    expect(job).toMatchObject({ state: 'done', kind: 'score', done: TOTAL, total: TOTAL });
    const { items } = await client.call('quality.scores', { ids });
    expect(items.map((item) => item.variantId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const item of items) expect(item.scores['image.blur']).toEqual(expect.any(Number));
    const page = await client.call('review.page', {
      filter: { generator: 'sd-controlnet', scored: true },
      variantsPerRow: PER_POSE,
    });
    expect([page.totalRows, page.totalVariants, page.counts.unreviewed]).toEqual([POSES, TOTAL, TOTAL]);
  }, 60_000);

  it('accepts them by hand; the dataset counts them with nothing blocking genpoccl by pose', async () => {
    const before = await client.call('train.dataset', { recipe: 'genpoccl', batch: BATCH, dataset: DATASET });
    expect(before.problems[0]).toMatch(/no accepted variants/);
    const reviewed = await client.call('variants.review', {
      ids: variants.map((v) => v.id),
      status: 'accepted',
    });
    expect(reviewed).toMatchObject({ updated: TOTAL, batch: { by: 'hand' } });
    const page = await client.call('review.page', { filter: { generator: 'sd-controlnet' } });
    expect(page.counts).toMatchObject({ unreviewed: 0, accepted: TOTAL });

    const summary = await client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: BATCH,
      dataset: DATASET,
    });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({
      variants: TOTAL,
      poses: POSES,
      groupBy: 'pose',
      // One pose (all its variants) held out for the probes; the other two are the sampler's groups.
      groups: POSES - 1,
      trainVariants: TOTAL - PER_POSE,
      evalVariants: PER_POSE,
      // SD variants carry no identity: grouping by identity (and re-ID) is not theirs to offer.
      identities: 0,
      batch: { ...BATCH, images: BATCH.groups * BATCH.members },
    });
    expect(summary.prompts).toBeGreaterThan(1);
    const byIdentity = await client.call('train.dataset', {
      recipe: 'genpoccl',
      batch: BATCH,
      dataset: { ...DATASET, groupBy: 'identity' },
    });
    expect(byIdentity.problems).toEqual([
      'the batch needs 2 groups of 2 variants sharing the identity, but the training split has 0',
    ]);
  });

  it('trains a micro genpoccl run on them to the end, then evaluates it', async () => {
    const request = microRequest({ batch: BATCH, dataset: DATASET, steps: 4, checkpointEvery: 4 });
    const run = await client.call('train.start', request);
    expect(run).toMatchObject({ recipe: 'genpoccl', steps: 4, step: 0 });
    const frozen = await frozenDataset(run.id);
    expect(frozen.samples.map((s) => s.variantId).sort((a, b) => a - b)).toEqual(
      variants.map((v) => v.id).sort((a, b) => a - b),
    );
    for (const sample of frozen.samples) {
      const variant = variants.find((v) => v.id === sample.variantId)!;
      expect(sample.keypoints).toEqual(variant.keypoints.flat());
      expect([sample.width, sample.height, sample.identity]).toEqual([64, 64, null]);
      expect(sample.attributes).toMatchObject({ source: 'prompt', top: { color: expect.any(String) } });
    }

    const job = await waitForJob(client, run.jobId, ['done', 'failed'], 60_000);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', done: 4, total: 4, unit: 'steps' });
    const detail = await client.call('train.get', { id: run.id });
    expect(detail.run).toMatchObject({ state: 'done', step: 4 });
    expect(detail.metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    for (const m of detail.metrics) expect(Number.isFinite(m.loss)).toBe(true);
    expect(detail.checkpoints.map((c) => c.step)).toEqual([4]);

    const { jobId } = await client.call('train.eval', { id: run.id });
    const evalJob = await waitForJob(client, jobId, ['done', 'failed'], 60_000);
    expect(evalJob.error).toBeNull();
    const [result] = (await client.call('train.evals', { runIds: [run.id] })).items;
    expect(result).toMatchObject({ runId: run.id, step: 4 });
    const { keypoints, poseRetrieval, reid, attributes } = result!.results;
    expect(keypoints!.pck).toBeGreaterThanOrEqual(0);
    expect(keypoints!.pck).toBeLessThanOrEqual(1);
    expect(poseRetrieval!.top1Oks).toBeGreaterThan(0);
    expect(reid).toBeNull();
    // Attribute ground truth of an SD variant is what its prompt asked for (top colour and kind here).
    const probed = Object.keys(attributes!.perAttribute);
    expect(probed.length).toBeGreaterThan(0);
    for (const name of probed) expect(name).toMatch(/^top\.(color|kind)=/);
  }, 60_000);
});
