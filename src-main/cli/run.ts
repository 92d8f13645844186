/**
 * @file The CLI's commands over the same contract as IPC and HTTP: each command builds a method
 * input, calls it through the dispatcher (transport 'cli'), and prints a human summary, or JSON
 * with --json. Exit codes: 0 ok, 1 failed, 2 usage error, 130 cancelled.
 */
import { resolve } from 'node:path';
import {
  PoseImportOptionsSchema,
  StudioError,
  createClient,
  createMemoryTransport,
  describeIssues,
  type ExportFormat,
  type StudioClient,
} from '../contract';
import { createStudio, type Studio } from '../core/studio';
import {
  HELP,
  UsageError,
  filterFromArgs,
  numberOption,
  parseCommandLine,
  sortFromArgs,
  type ParsedArgs,
} from './args';
import { createProgressSink } from './progress';
import { printDoctor, printImport, printPoses } from './report';
import { serveCommand } from './serve';
import { STUDIO_VERSION } from '../core/node/version';

export type CliIo = {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Register a Ctrl+C handler; returns an unregister function. */
  onInterrupt(handler: () => void): () => void;
};

type Values = ParsedArgs['values'];
type Ctx = { client: StudioClient; studio: Studio; values: Values; positionals: string[]; io: CliIo };

function projectDir(values: Values): string {
  if (!values.project) throw new UsageError('this command needs --project DIR');
  return resolve(values.project);
}

function out(ctx: Ctx, human: string, json: unknown): void {
  ctx.io.stdout.write(ctx.values.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);
}

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
  const filter = filterFromArgs(ctx.values);
  if (sub === 'count') {
    const { count } = await ctx.client.call('poses.count', { filter });
    out(ctx, `${count} poses`, { count });
    return 0;
  }
  if (sub !== 'list') throw new UsageError(`unknown poses subcommand "${sub}" (use list or count)`);
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

async function withStudio(
  values: Values,
  create: boolean,
  run: (studio: Studio) => Promise<number>,
): Promise<number> {
  const studio = await createStudio({ transport: 'cli', projectDir: projectDir(values), create });
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
  if (command === 'init') {
    const dir = positionals[1] ?? values.project;
    if (!dir) throw new UsageError('init needs a folder: pose-studio init DIR');
    const studio = await createStudio({ transport: 'cli' });
    try {
      const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
      const info = await client.call('project.create', { path: resolve(dir) });
      io.stdout.write(values.json ? `${JSON.stringify(info, null, 2)}\n` : `created project ${info.path}\n`);
      return 0;
    } finally {
      await studio.close();
    }
  }
  if (command === 'serve') return serveCommand(values, io);
  const commands: Record<string, (ctx: Ctx) => Promise<number>> = {
    import: importCommand,
    export: exportCommand,
    poses: posesCommand,
    doctor: doctorCommand,
  };
  const handler = commands[command];
  if (!handler) throw new UsageError(`unknown command "${command}"`);
  return withStudio(values, false, (studio) => {
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
