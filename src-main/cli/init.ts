/**
 * @file `pose-studio init DIR [--sample]`: creates a project through project.create; with
 * --sample, fills it with the built-in pose presets and their augmentations (the embedded starter)
 * so generation can be tried with no files at hand. The import shows its progress bar; Ctrl+C
 * cancels it (the project stays, empty).
 */
import { resolve } from 'node:path';
import { createClient, createMemoryTransport, type StudioClient } from '../contract';
import { fillSampleProject, type SampleReport } from '../core/node/sample';
import { randomId } from '../core/node/files';
import { createStudio } from '../core/studio';
import { UsageError, numberOption } from './args';
import type { CliIo, Values } from './context';
import { createProgressSink } from './progress';

async function addSample(client: StudioClient, values: Values, io: CliIo): Promise<SampleReport> {
  const requestId = `sample-${randomId().slice(0, 12)}`;
  const sink = createProgressSink(io.stderr);
  let jobId: number | null = null;
  const stop = client.on('jobs.progress', (job) => {
    if (job.requestId !== requestId) return;
    jobId = job.id;
    sink.update(job);
  });
  const unhook = io.onInterrupt(() => {
    if (jobId !== null) void client.call('jobs.cancel', { id: jobId });
  });
  try {
    return await fillSampleProject(client, {
      perPreset: numberOption(values, 'per-preset') ?? 5,
      seed: numberOption(values, 'seed') ?? 1,
      requestId,
    });
  } finally {
    sink.done();
    unhook();
    stop();
  }
}

export async function initCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const dir = positionals[1] ?? values.project;
  if (!dir) throw new UsageError('init needs a folder: pose-studio init DIR');
  if (!values.sample && values['per-preset'] !== undefined)
    throw new UsageError('--per-preset goes with --sample');
  const studio = await createStudio({ transport: 'cli' });
  try {
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    const created = await client.call('project.create', { path: resolve(dir) });
    if (!values.sample) {
      io.stdout.write(
        values.json ? `${JSON.stringify(created, null, 2)}\n` : `created project ${created.path}\n`,
      );
      return 0;
    }
    const sample = await addSample(client, values, io);
    const info = (await client.call('app.info', {})).project ?? created;
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ ...info, sample }, null, 2)}\n`
        : `created project ${info.path}\n` +
            `added ${sample.poses} sample poses: ${sample.presets} presets x ${sample.perPreset} ` +
            `(each preset as authored and ${sample.perPreset - 1} augmentations), tagged sample\n` +
            `next: pose-studio generate --project ${info.path} --poses tag:sample --variants 5\n`,
    );
    return 0;
  } finally {
    await studio.close();
  }
}
