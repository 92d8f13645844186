/**
 * @file The CLI's commands over the same contract as IPC and HTTP: each command builds a method
 * input, calls it through the dispatcher (transport 'cli'), and prints a human summary, or JSON
 * with --json. Exit codes: 0 ok, 1 failed, 2 usage error, 130 cancelled or paused (Ctrl+C).
 * Generation, training, scoring and review, jobs and init live in their own files (generate.ts,
 * train.ts, quality.ts, jobs.ts, init.ts).
 */
import { resolve } from 'node:path';
import {
  PoseImportOptionsSchema,
  StudioError,
  createClient,
  createMemoryTransport,
  describeIssues,
  type ExportFormat,
} from '../contract';
import { createStudio, type Studio } from '../core/studio';
import { HELP, UsageError, filterFromArgs, numberOption, parseCommandLine, sortFromArgs } from './args';
import { out, projectDir, type CliIo, type Ctx, type Values } from './context';
import { generateCommand } from './generate';
import { initCommand } from './init';
import { poseEditCommand } from './poseEdit';
import { modelsCommand } from './models';
import { generatorsCommand, jobsCommand, variantsCommand } from './jobs';
import { createProgressSink } from './progress';
import { printDoctor, printImport, printPoses } from './report';
import { serveCommand } from './serve';
import { reviewCommand, scoreCommand } from './quality';
import { evalCommand, exportModelCommand, trainCommand } from './train';
import { STUDIO_VERSION } from '../core/node/version';

export type { CliIo } from './context';

async function importCommand(ctx: Ctx): Promise<number> {
  const paths = ctx.positionals.slice(1);
  if (paths.length === 0) throw new UsageError('import needs at least one file or folder');
  const v = ctx.values;
  const parsed = PoseImportOptionsSchema.safeParse({
    ...(v.format ? { format: v.format } : {}),
    ...(v.canvas ? { canvas: v.canvas } : {}),
    ...(v['openpose-layout'] ? { openposeLayout: v['openpose-layout'] } : {}),
    margin: numberOption(v, 'margin'),
    occludedBelow: numberOption(v, 'occluded-below'),
    skipMalformed: v['skip-malformed'] ?? false,
    tags: v.tag ?? [],
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  const options = parsed.data;
  const sink = createProgressSink(ctx.io.stderr);
  const stop = ctx.client.on('jobs.progress', (job) => job.kind === 'import' && sink.update(job));
  const cancel = ctx.io.onInterrupt(() => {
    void ctx.client.call('jobs.list', { limit: 5 }).then(({ items }) => {
      for (const job of items.filter((j) => j.state === 'running'))
        void ctx.client.call('jobs.cancel', { id: job.id });
    });
  });
  try {
    const reports = [];
    for (const path of paths) {
      reports.push(
        await ctx.client.call('poses.import', { source: { kind: 'path', path: resolve(path) }, options }),
      );
    }
    sink.done();
    out(ctx, reports.map(printImport).join('\n'), reports.length === 1 ? reports[0] : reports);
    return reports.some((report) => report.failedFiles > 0) ? 1 : 0;
  } finally {
    sink.done();
    stop();
    cancel();
  }
}

async function posesCommand(ctx: Ctx): Promise<number> {
  const sub = ctx.positionals[1] ?? 'list';
  const edited = await poseEditCommand(ctx);
  if (edited !== null) return edited;
  const filter = filterFromArgs(ctx.values);
  if (sub === 'count') {
    const { count } = await ctx.client.call('poses.count', { filter });
    out(ctx, `${count} poses`, { count });
    return 0;
  }
  if (sub !== 'list') {
    throw new UsageError(`unknown poses subcommand "${sub}" (use list, count, create or augment)`);
  }
  const page = await ctx.client.call('poses.list', {
    filter,
    sort: sortFromArgs(ctx.values.sort),
    offset: numberOption(ctx.values, 'offset') ?? 0,
    limit: numberOption(ctx.values, 'limit') ?? 20,
  });
  out(ctx, printPoses(page), page);
  return 0;
}

async function exportCommand(ctx: Ctx): Promise<number> {
  const format = ctx.values.format;
  if (format !== 'coco' && format !== 'openpose' && format !== 'controlnet') {
    throw new UsageError('export needs --format coco|openpose|controlnet');
  }
  const result = await ctx.client.call('poses.export', {
    filter: filterFromArgs({ ...ctx.values, format: undefined }),
    format: format satisfies ExportFormat,
    ...(ctx.values.out ? { path: resolve(ctx.values.out) } : {}),
  });
  out(ctx, `exported ${result.count} poses to ${result.path} (${result.bytes} bytes)`, result);
  return 0;
}

async function doctorCommand(ctx: Ctx): Promise<number> {
  const report = await ctx.client.call('doctor.check', { repair: ctx.values.repair ?? false });
  out(ctx, printDoctor(report), report);
  return report.ok ? 0 : 1;
}

/**
 * Open the project for one command. Queued generation runs are left waiting (resumeJobs off)
 * unless the command is there to run them (`jobs resume`): a `poses list` must not start one.
 */
async function withStudio(
  values: Values,
  resumeJobs: boolean,
  run: (studio: Studio) => Promise<number>,
): Promise<number> {
  const studio = await createStudio({ transport: 'cli', projectDir: projectDir(values), resumeJobs });
  try {
    return await run(studio);
  } finally {
    await studio.close();
  }
}

async function runCommand(
  command: string,
  values: Values,
  positionals: string[],
  io: CliIo,
): Promise<number> {
  if (command === 'init') return initCommand(values, positionals, io);
  if (command === 'serve') return serveCommand(values, io);
  if (command === 'models') return modelsCommand(values, positionals, io);
  const commands: Record<string, (ctx: Ctx) => Promise<number>> = {
    import: importCommand,
    export: exportCommand,
    poses: posesCommand,
    doctor: doctorCommand,
    generate: generateCommand,
    jobs: jobsCommand,
    variants: variantsCommand,
    generators: generatorsCommand,
    score: scoreCommand,
    review: reviewCommand,
    train: trainCommand,
    eval: evalCommand,
    'export-model': exportModelCommand,
  };
  const handler = commands[command];
  if (!handler) throw new UsageError(`unknown command "${command}"`);
  const resumeJobs = command === 'jobs' && positionals[1] === 'resume';
  return withStudio(values, resumeJobs, (studio) => {
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    return handler({ client, studio, values, positionals, io });
  });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    if (values.version) {
      io.stdout.write(`${STUDIO_VERSION}\n`);
      return 0;
    }
    const command = positionals[0];
    if (values.help || !command) {
      io.stdout.write(`${HELP}\n`);
      return command || values.help ? 0 : 2;
    }
    return await runCommand(command, values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.stderr.write(`usage error: ${error.message}\nrun pose-studio --help for usage\n`);
      return 2;
    }
    if (error instanceof StudioError) {
      io.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return error.code === 'CANCELLED' ? 130 : 1;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
