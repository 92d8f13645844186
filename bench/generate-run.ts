/**
 * @file Benchmark: 1,000 mannequin variants at 256x256 through the real studio (worker pool,
 * content-addressed files, catalog commits), with the share of time spent drawing, encoding and
 * writing files + catalog. Drawing and encoding are timed per stage on a sample of the same work
 * in this thread; the main thread's file + catalog work is its event-loop busy time during the run
 * (performance.eventLoopUtilization), since that is all the main thread does then.
 *
 *   npx tsx bench/generate-run.ts [variants=1000] [size=256]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, createMemoryTransport, type Job, type StudioClient } from '../src-main/contract';
import { createStudio } from '../src-main/core/studio';
import { fillSampleProject } from '../src-main/core/node/sample';
import { MannequinOptionsSchema, renderMannequin } from '../src-main/core/generate/mannequin';
import {
  encodeDepthPng,
  encodePartsPng,
  encodeRgbPng,
  encodeThumbnail,
} from '../src-main/core/media/node/codec';

const VARIANTS_PER_POSE = 10;

async function waitForJob(client: StudioClient, jobId: number): Promise<Job> {
  return new Promise((resolve) => {
    const stop = client.on('jobs.progress', (job) => {
      if (job.id === jobId && ['done', 'failed', 'cancelled'].includes(job.state)) {
        stop();
        resolve(job);
      }
    });
  });
}

/** Per-variant draw and encode times (ms) on `sample` poses, in this thread. */
async function stageTimes(client: StudioClient, sample: number, size: number) {
  const poses = (await client.call('poses.list', { limit: Math.min(sample, 500) })).items;
  const options = MannequinOptionsSchema.parse({});
  let draw = 0;
  let encode = 0;
  for (let i = 0; i < sample; i += 1) {
    const pose = poses[i % poses.length]!;
    const t0 = performance.now();
    const v = renderMannequin({ pose, width: size, height: size, prompt: '', seed: i, options });
    const t1 = performance.now();
    const dims = { width: size, height: size };
    await encodeRgbPng(v.rgba, dims);
    if (v.depth) await encodeDepthPng(v.depth, dims);
    if (v.parts) await encodePartsPng(v.parts, dims);
    await encodeThumbnail(v.rgba, dims);
    draw += t1 - t0;
    encode += performance.now() - t1;
  }
  return { draw: draw / sample, encode: encode / sample };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  const size = Number(process.argv[3] ?? 256);
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-gen-'));
  try {
    const studio = await createStudio({ transport: 'memory', projectDir: join(dir, 'p'), create: true });
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    await fillSampleProject(client, { perPreset: Math.ceil(total / VARIANTS_PER_POSE / 24) });
    const ids = (await client.call('poses.ids', { limit: Math.ceil(total / VARIANTS_PER_POSE) })).ids;
    const elu0 = performance.eventLoopUtilization();
    const started = performance.now();
    const run = await client.call('generate.start', {
      poses: { ids },
      variantsPerPose: VARIANTS_PER_POSE,
      width: size,
      height: size,
    });
    const job = await waitForJob(client, run.jobId);
    const seconds = (performance.now() - started) / 1000;
    const elu = performance.eventLoopUtilization(elu0);
    const made = (await client.call('variants.list', { filter: { runId: run.id }, limit: 1 })).total;
    const mainMs = elu.active / made;
    const stages = await stageTimes(client, 100, size);
    await studio.close();
    const work = stages.draw + stages.encode + mainMs;
    const pct = (ms: number) => `${((ms / work) * 100).toFixed(0)}%`;
    console.log(
      `generated ${made} variants (${ids.length} poses x ${VARIANTS_PER_POSE}) at ${size}x${size}: job ${job.state}`,
    );
    console.log(
      `studio run: ${seconds.toFixed(1)} s, ${(made / seconds).toFixed(1)} variants/s (worker pool + main thread)`,
    );
    console.log('per variant (ms)        time   share of the work');
    console.log(`draw (worker)         ${stages.draw.toFixed(2).padStart(6)}   ${pct(stages.draw)}`);
    console.log(
      `encode (worker)       ${stages.encode.toFixed(2).padStart(6)}   ${pct(stages.encode)}   PNG rgb + depth + parts, WebP thumb`,
    );
    console.log(
      `files + catalog (main) ${mainMs.toFixed(2).padStart(5)}   ${pct(mainMs)}   main thread busy ${(elu.utilization * 100).toFixed(0)}% of the run`,
    );
    console.log(
      `draw / encode ratio: ${(stages.draw / stages.encode).toFixed(2)} (must be < 1: bound by encoding)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
