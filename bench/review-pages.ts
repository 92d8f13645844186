/**
 * @file Benchmark: the review grid at GenCOCO scale (120k poses x 5 = 600k variants by default,
 * 80% of them scored on every check) through the real handlers: `review.page` (first, middle and
 * deep pages, filters, worst-first sort; it also counts rows and states), `quality.preview`,
 * `quality.apply` + `review.undo`, and `variants.review` of a 50k selection. Budget (DESIGN.md): a
 * page query under 20 ms.
 *
 *   npx tsx bench/review-pages.ts [poses=120000] [variantsPerPose=5] [projectDir (kept, reused)]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClient,
  createMemoryTransport,
  type MethodInput,
  type StudioClient,
} from '../src-main/contract';
import { CHECKS } from '../src-main/core/quality/checks';
import { createStudio } from '../src-main/core/studio';
import { seedPoses } from './seed';
import { seedVariants } from './seed-review';

/** First call (totals not cached yet) and the median of the repeats (scrolling the same filter). */
async function timeIt(run: () => Promise<unknown>, repeats = 5): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor(times.length / 2)]! };
}

function pageCases(poses: number): [string, MethodInput<'review.page'>][] {
  return [
    ['first page (50 rows), no filter', {}],
    ['middle page', { offset: Math.floor(poses / 2) }],
    ['last page', { offset: poses - 50 }],
    ['run filter, middle page', { filter: { runId: 1 }, offset: Math.floor(poses / 2) }],
    ['state: unreviewed', { filter: { states: ['unreviewed'] } }],
    ['state: rejected by hand (rare)', { filter: { states: ['rejected-hand'] } }],
    ['scored only', { filter: { scored: true } }],
    ['score range (blur < 10)', { filter: { scores: [{ check: 'image.blur', max: 10 }] } }],
    ['tag (10% of poses)', { filter: { tag: 'bench' } }],
    ['prompt contains "style 1"', { filter: { promptContains: 'style 1' } }],
    ['sort landmarks, worst first', { sort: { by: 'face.landmarks', dir: 'worst-first' } }],
    ['sort landmarks, page 20', { sort: { by: 'face.landmarks', dir: 'worst-first' }, offset: 1000 }],
    ['sort sharpness, best first', { sort: { by: 'face.sharpness', dir: 'best-first' } }],
  ];
}

async function run(client: StudioClient, poses: number): Promise<void> {
  console.log('call                                     first ms  median ms   (budget 20 ms)');
  const line = (name: string, t: { first: number; median: number }) =>
    console.log(
      `${name.padEnd(40)} ${t.first.toFixed(1).padStart(8)} ${t.median.toFixed(1).padStart(9)}   ${t.median <= 20 ? 'ok' : 'OVER'}`,
    );
  for (const [name, input] of pageCases(poses))
    line(name, await timeIt(() => client.call('review.page', input)));
  const rules = CHECKS.map((check) => ({ check: check.id, threshold: check.threshold }));
  line('quality.preview (all checks)', await timeIt(() => client.call('quality.preview', { rules }), 3));
  let rejected = 0;
  line(
    'quality.apply (then undone)',
    await timeIt(async () => {
      rejected = (await client.call('quality.apply', { rules })).rejected;
    }, 1),
  );
  line('review.undo of that batch', await timeIt(() => client.call('review.undo', {}), 1));
  console.log(`  (the rules rejected ${rejected} variants)`);
  const ids = Array.from({ length: 50_000 }, (_, i) => i * 3 + 1);
  line(
    'variants.review of 50k ids',
    await timeIt(() => client.call('variants.review', { ids, status: 'accepted' }), 1),
  );
  line('review.undo of that batch', await timeIt(() => client.call('review.undo', {}), 1));
  line(
    'variants.review of 1 id (a key press)',
    await timeIt(() => client.call('variants.review', { ids: [7], status: 'rejected' })),
  );
}

/** Seed a fresh project, or reuse `keep` when it already holds one (seeding 600k takes minutes). */
async function project(
  dir: string,
  keep: string | undefined,
  poses: number,
  perPose: number,
): Promise<string> {
  if (keep !== undefined && existsSync(join(keep, 'studio.sqlite'))) return keep;
  const projectDir = keep ?? join(dir, 'project');
  const studio = await createStudio({ transport: 'memory', projectDir, create: true });
  await studio.close();
  const seconds = seedPoses(projectDir, poses) + seedVariants(projectDir, perPose);
  console.log(`seeded ${poses} poses x ${perPose} variants in ${seconds.toFixed(1)} s`);
  return projectDir;
}

async function main(): Promise<void> {
  const poses = Number(process.argv[2] ?? 120_000);
  const perPose = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-'));
  try {
    const projectDir = await project(dir, process.argv[4], poses, perPose);
    const studio = await createStudio({ transport: 'memory', projectDir });
    await run(createClient(createMemoryTransport(studio.dispatch, studio.hub)), poses);
    await studio.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
