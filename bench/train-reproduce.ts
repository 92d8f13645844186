/**
 * @file The papers' direction on mannequin data (issue 4, methods.md Sec. 5): SimCLR vs StableRep vs
 * GenPoCCL at a fixed image budget, 3 seeds each, scored by the four probes. Everything goes through
 * the real studio (generation, review, training jobs in the worker thread, evaluation): one project of
 * sample poses x variants per pose, all accepted; each arm trains the same number of steps on the same
 * batch size (so the same number of images), then its last checkpoint is evaluated on the held-out
 * poses. Prints a markdown table of mean ± std per probe, ready for docs/training.md.
 *
 *   npx tsx bench/train-reproduce.ts [--steps 300] [--per-preset 20] [--variants 4] [--model tiny]
 *                                    [--seeds 0,1,2] [--threads 2] [--recipes simclr,stablerep,genpoccl]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createClient,
  createMemoryTransport,
  type EvalResult,
  type Job,
  type RecipeName,
  type StudioClient,
} from '../src-main/contract';
import { createStudio } from '../src-main/core/studio';
import { fillSampleProject } from '../src-main/core/node/sample';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    'per-preset': { type: 'string', default: '20' },
    variants: { type: 'string', default: '4' },
    model: { type: 'string', default: 'tiny' },
    seeds: { type: 'string', default: '0,1,2' },
    threads: { type: 'string', default: '2' },
    recipes: { type: 'string', default: 'simclr,stablerep,genpoccl' },
  },
});
const STEPS = Number(values.steps);
const SEEDS = values.seeds.split(',').map(Number);
const RECIPES = values.recipes.split(',') as RecipeName[];
const PROMPT = 'a person in a {red|blue|green|yellow|black|white} {shirt|jacket|dress}';

async function waitForJob(client: StudioClient, id: number): Promise<Job> {
  for (;;) {
    const job = (await client.call('jobs.list', { limit: 200 })).items.find((j) => j.id === id);
    if (job && ['done', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function dataset(client: StudioClient): Promise<number> {
  await fillSampleProject(client, { perPreset: Number(values['per-preset']) });
  const run = await client.call('generate.start', {
    generator: 'mannequin',
    variantsPerPose: Number(values.variants),
    width: 96,
    height: 96,
    promptTemplate: PROMPT,
    seedMode: 'increment',
  });
  await waitForJob(client, run.jobId);
  const ids: number[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await client.call('variants.list', { offset, limit: 500, newestFirst: false });
    ids.push(...page.items.map((v) => v.id));
    if (page.items.length < 500) break;
  }
  await client.call('variants.review', { ids, status: 'accepted' });
  return ids.length;
}

async function arm(client: StudioClient, recipe: RecipeName, seed: number) {
  const started = Date.now();
  const run = await client.call('train.start', {
    name: `${recipe} seed ${seed}`,
    recipe: { recipe },
    model: { preset: values.model as 'tiny' },
    batch: { groups: 8, members: 4 },
    steps: STEPS,
    seed,
    threads: Number(values.threads),
    checkpointEvery: STEPS,
    optimizer: { warmupSteps: Math.round(STEPS / 10) },
  });
  const trained = await waitForJob(client, run.jobId);
  if (trained.state !== 'done') throw new Error(`${recipe} seed ${seed}: ${trained.state} ${trained.error}`);
  const trainSeconds = (Date.now() - started) / 1000;
  const { jobId } = await client.call('train.eval', { id: run.id });
  const evaluated = await waitForJob(client, jobId);
  if (evaluated.state !== 'done') throw new Error(`eval of ${recipe} seed ${seed}: ${evaluated.error}`);
  const result = (await client.call('train.evals', { runIds: [run.id] })).items.at(-1)!;
  const detail = await client.call('train.get', { id: run.id, maxPoints: 10 });
  console.error(
    `${recipe} seed ${seed}: loss ${detail.run.loss?.toFixed(4)}, ${trainSeconds.toFixed(0)} s, ` +
      `${detail.run.imagesPerSec?.toFixed(0)} img/s`,
  );
  return result;
}

const METRICS: ReadonlyArray<[string, (e: EvalResult) => number | undefined]> = [
  ['PCK@0.1 ↑', (e) => e.results.keypoints?.pck],
  ['kp error ↓', (e) => e.results.keypoints?.meanError],
  ['top-1 OKS ↑', (e) => e.results.poseRetrieval?.top1Oks],
  ['mAP@OKS≥0.75 ↑', (e) => e.results.poseRetrieval?.mAP],
  ['re-ID Rank-1 ↑', (e) => e.results.reid?.rank1],
  ['re-ID mAP ↑', (e) => e.results.reid?.mAP],
  ['attribute mA ↑', (e) => e.results.attributes?.meanAccuracy],
];

function cell(values: (number | undefined)[]): string {
  const xs = values.filter((x): x is number => typeof x === 'number');
  if (xs.length === 0) return 'n/a';
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${mean.toFixed(3)} ± ${std.toFixed(3)}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pose-studio-reproduce-'));
  const studio = await createStudio({ transport: 'memory', projectDir: join(dir, 'p'), create: true });
  const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
  try {
    const images = await dataset(client);
    const results = new Map<RecipeName, EvalResult[]>();
    for (const recipe of RECIPES) {
      for (const seed of SEEDS)
        results.set(recipe, [...(results.get(recipe) ?? []), await arm(client, recipe, seed)]);
    }
    const counts = results.get(RECIPES[0]!)![0]!.counts;
    console.log(
      `${images} accepted mannequin variants (96 px, ${values.variants} per pose), ViT-${values.model} at its ` +
        `preset size, ${STEPS} steps x 32 images per arm, seeds ${SEEDS.join(', ')}; probe split ` +
        JSON.stringify(counts),
    );
    console.log('');
    console.log(`| arm | ${METRICS.map(([name]) => name).join(' | ')} |`);
    console.log(`|---|${METRICS.map(() => '---').join('|')}|`);
    for (const [recipe, evals] of results) {
      console.log(`| ${recipe} | ${METRICS.map(([, get]) => cell(evals.map(get))).join(' | ')} |`);
    }
  } finally {
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
