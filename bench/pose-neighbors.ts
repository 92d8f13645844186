/**
 * @file Benchmark of the editor's previous / next lookup (`poses.neighbors`) through the real
 * handler on a seeded catalog (default 100k poses, every tenth tagged `bench`, every thousandth
 * `rare`; labeled counts take only two values, so the labeled sort is one long run of ties), for
 * poses spread over the whole order, per sort and filter; and, for contrast, what the editor did
 * before: page `poses.list` (500 a call) from the start until the pose turns up, for one pose in
 * the middle of the order.
 * Each case runs twice: with the planner statistics `seedPoses` leaves (ANALYZE), then without
 * them, as in the app, which never runs ANALYZE. One `poses.list` page of the same filter and sort
 * is timed beside each case for scale, and the median over the sampled poses that are in the filter
 * is printed apart: only they also count their position.
 *
 *   npx tsx bench/pose-neighbors.ts [poses=100000] [samples=50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createMemoryTransport, type PoseFilter, type PoseSort } from '../src-main/contract';
import { openCatalog } from '../src-main/core/catalog/node/database';
import { createStudio } from '../src-main/core/studio';
import { seedPoses } from './seed';
import { tagEvery } from './seed-tag';

const COUNT = Number(process.argv[2] ?? 100_000);
const SAMPLES = Number(process.argv[3] ?? 50);

type Client = ReturnType<typeof createClient>;

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, max ${sorted.at(-1)!.toFixed(3)} ms`;
}

function median(times: number[]): string {
  return times.length === 0
    ? '-'
    : [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!.toFixed(3);
}

/** The old way: pages of 500 from the start until `id` is on one; calls and milliseconds. */
async function pagedSearch(client: Client, id: number, filter: PoseFilter, sort: PoseSort) {
  const started = performance.now();
  for (let offset = 0, calls = 1; ; offset += 500, calls += 1) {
    const page = await client.call('poses.list', { filter, sort, offset, limit: 500 });
    if (page.items.some((pose) => pose.id === id) || offset + 500 >= page.total) {
      return { calls, ms: performance.now() - started };
    }
  }
}

/** Drop the planner statistics; the studio's connections see the schema change on their next statement. */
function dropStatistics(projectDir: string): void {
  const catalog = openCatalog(join(projectDir, 'studio.sqlite'));
  catalog.writer.exec('DROP TABLE IF EXISTS sqlite_stat1');
  catalog.close();
}

async function timeCase(client: Client, ids: number[], name: string, filter: PoseFilter, sort: PoseSort) {
  await client.call('poses.neighbors', { id: ids[0]!, filter, sort }); // warm: statements prepared
  const times: number[] = [];
  const memberTimes: number[] = []; // poses in the filter also pay for their position
  for (const id of ids) {
    const started = performance.now();
    const found = await client.call('poses.neighbors', { id, filter, sort });
    times.push(performance.now() - started);
    if (found.index !== null) memberTimes.push(times.at(-1)!);
  }
  const started = performance.now();
  const { total } = await client.call('poses.list', { filter, sort, limit: 100 });
  await client.call('poses.list', { filter, sort, offset: Math.floor(total / 2), limit: 100 });
  const page = (performance.now() - started) / 2;
  console.log(
    `${name.padEnd(36)} ${stats(times)} (${memberTimes.length}/${ids.length} in the filter: median ${median(memberTimes)} ms; a list page ${page.toFixed(1)} ms)`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-neighbors-'));
  try {
    const projectDir = join(dir, 'project');
    const studio = await createStudio({ transport: 'memory', projectDir, create: true });
    console.log(`seeded ${COUNT} poses in ${seedPoses(projectDir, COUNT).toFixed(1)} s`);
    console.log(`tagged ${tagEvery(projectDir, 'rare', 1000)} poses rare`);
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    // Spread over the library, nudged off a fixed stride (the seed's columns repeat every 5 poses).
    const ids = Array.from({ length: SAMPLES }, (_, i) =>
      Math.min(COUNT, 1 + Math.floor(((i + 0.5) * COUNT) / SAMPLES) + ((i * 7919) % 97)),
    );
    const cases: Array<[string, PoseFilter, PoseSort]> = [
      ['all, id asc', {}, { by: 'id', dir: 'asc' }],
      ['all, created desc', {}, { by: 'created', dir: 'desc' }],
      ['all, labeled desc (2 values: ties)', {}, { by: 'labeled', dir: 'desc' }],
      ['all, area asc', {}, { by: 'area', dir: 'asc' }],
      ['tag bench (10%), id asc', { tags: ['bench'] }, { by: 'id', dir: 'asc' }],
      ['tag bench (10%), area desc', { tags: ['bench'] }, { by: 'area', dir: 'desc' }],
      ['tag bench (10%), labeled asc (ties)', { tags: ['bench'] }, { by: 'labeled', dir: 'asc' }],
      ['tag rare (0.1%), id asc', { tags: ['rare'] }, { by: 'id', dir: 'asc' }],
      ['tag rare (0.1%), area desc', { tags: ['rare'] }, { by: 'area', dir: 'desc' }],
      ['labeled >= 14, updated asc', { minLabeled: 14 }, { by: 'updated', dir: 'asc' }],
    ];
    for (const statistics of ['ANALYZE statistics', 'no statistics (as the app)']) {
      if (statistics.startsWith('no')) dropStatistics(projectDir);
      console.log(`-- ${statistics}`);
      for (const [name, filter, sort] of cases) await timeCase(client, ids, name, filter, sort);
    }
    const middle = Math.floor(COUNT / 2);
    const old = await pagedSearch(client, middle, {}, { by: 'id', dir: 'asc' });
    console.log(
      `before: paging poses.list to pose ${middle} (id order): ${old.calls} calls, ${old.ms.toFixed(0)} ms`,
    );
    await studio.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
