/**
 * @file Benchmark: library page queries at GenCOCO scale (600k poses, default) through the real
 * handler (`poses.list`, which also counts the total), for the first, middle and last page, with
 * sorts and filters: every tenth pose is tagged `bench`, every thousandth `rare`. Budget
 * (DESIGN.md): a page query under 20 ms.
 *
 *   npx tsx bench/catalog-pages.ts [poses=600000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createMemoryTransport, type MethodInput } from '../src-main/contract';
import { createStudio } from '../src-main/core/studio';
import { seedPoses } from './seed';
import { tagEvery } from './seed-tag';

async function timeIt(run: () => Promise<unknown>, repeats = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 600_000);
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-'));
  try {
    const projectDir = join(dir, 'project');
    const studio = await createStudio({ transport: 'memory', projectDir, create: true });
    const seeded = seedPoses(projectDir, count);
    console.log(`seeded ${count} poses in ${seeded.toFixed(1)} s`);
    console.log(`tagged ${tagEvery(projectDir, 'rare', 1000)} poses rare`);
    const area = { by: 'area', dir: 'desc' } as const;
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    const cases: [string, MethodInput<'poses.list'>][] = [
      ['first page (100), id order', { limit: 100 }],
      ['middle page (offset n/2)', { offset: Math.floor(count / 2), limit: 100 }],
      ['last page', { offset: count - 100, limit: 100 }],
      [
        'labeled >= 12, sort labeled desc',
        { filter: { minLabeled: 12 }, sort: { by: 'labeled', dir: 'desc' }, limit: 100 },
      ],
      [
        'sort by area, middle page',
        { sort: { by: 'area', dir: 'asc' }, offset: Math.floor(count / 2), limit: 100 },
      ],
      ['tag filter (10% tagged)', { filter: { tags: ['bench'] }, limit: 100 }],
      ['tag filter, deep page', { filter: { tags: ['bench'] }, offset: Math.floor(count / 20), limit: 100 }],
      ['tag filter, sort by area desc', { filter: { tags: ['bench'] }, sort: area, limit: 100 }],
      [
        'tag filter, area desc, deep page',
        { filter: { tags: ['bench'] }, sort: area, offset: Math.floor(count / 20), limit: 100 },
      ],
      [
        'tag filter, area desc, last page',
        { filter: { tags: ['bench'] }, sort: area, offset: Math.floor(count / 10) - 100, limit: 100 },
      ],
      ['rare tag (0.1%), area desc', { filter: { tags: ['rare'] }, sort: area, limit: 100 }],
      [
        'rare tag, area desc, deep page',
        { filter: { tags: ['rare'] }, sort: area, offset: Math.floor(count / 2000), limit: 100 },
      ],
    ];
    console.log('query                                   median ms   (budget 20 ms)');
    for (const [name, input] of cases) {
      const ms = await timeIt(() => client.call('poses.list', input));
      console.log(`${name.padEnd(40)} ${ms.toFixed(2).padStart(8)}   ${ms <= 20 ? 'ok' : 'OVER'}`);
    }
    await studio.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
