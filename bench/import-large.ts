/**
 * @file Benchmark: import a COCO train2017-sized file (about 250 MB, 262k annotations) into a fresh
 * project through the studio, streaming; prints throughput and peak memory, side by side with the
 * naive approach (read the whole file and JSON.parse it) measured in a child process.
 *
 *   npx tsx bench/import-large.ts [annotations=262465]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createMemoryTransport } from '../src-main/contract';
import { createStudio } from '../src-main/core/studio';
import { writeCocoFile } from './make-coco';

const MB = 1024 * 1024;

function naiveParsePeak(file: string): { seconds: number; peakMb: number } {
  const script = `const t=process.hrtime.bigint();const d=JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'));
const s=Number(process.hrtime.bigint()-t)/1e9;console.log(JSON.stringify({seconds:s,peakMb:process.resourceUsage().maxRSS/1024,n:d.annotations.length}))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1e6 }));
}

async function main(): Promise<void> {
  const annotations = Number(process.argv[2] ?? 262_465);
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-'));
  try {
    const file = join(dir, 'person_keypoints_train2017.json');
    await writeCocoFile(file, annotations);
    const bytes = statSync(file).size;
    const rssBefore = process.resourceUsage().maxRSS / 1024;
    const studio = await createStudio({
      transport: 'memory',
      projectDir: join(dir, 'project'),
      create: true,
    });
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    const started = performance.now();
    const report = await client.call('poses.import', { source: { kind: 'path', path: file } });
    const seconds = (performance.now() - started) / 1000;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    await studio.close();
    const naive = naiveParsePeak(file);
    console.log(`file: ${(bytes / MB).toFixed(0)} MB, ${annotations} annotations`);
    console.log(`imported ${report.imported} poses, skipped ${JSON.stringify(report.skipped)}`);
    console.log(
      `studio import (stream + SQLite): ${seconds.toFixed(1)} s, ${(bytes / MB / seconds).toFixed(1)} MB/s, ` +
        `${Math.round(report.imported / seconds)} poses/s, peak RSS ${peakMb.toFixed(0)} MB (process at start ${rssBefore.toFixed(0)} MB)`,
    );
    console.log(
      `naive readFile + JSON.parse only (no catalog): ${naive.seconds.toFixed(1)} s, peak RSS ${naive.peakMb.toFixed(0)} MB`,
    );
    console.log(`ratio peak memory naive / studio: ${(naive.peakMb / peakMb).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
