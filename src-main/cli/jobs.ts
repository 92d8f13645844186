/**
 * @file `pose-studio jobs list|pause|resume|cancel`, `variants list` and `generators list`: thin
 * calls of the matching contract methods. `jobs resume` follows the job like `generate` does,
 * since the job runs in this process and stops when the command exits.
 */
import { StudioError, VariantStatusSchema, type Job, type StudioClient } from '../contract';
import { UsageError, numberOption } from './args';
import { out, projectDir, type Ctx } from './context';
import { followJob } from './follow';
import { findRun, reportRun } from './generate';
import { printGenerators, printJobs, printVariants } from './reportGeneration';

function jobIdArg(ctx: Ctx, sub: string): number {
  const raw = ctx.positionals[2];
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id <= 0) {
    throw new UsageError(`jobs ${sub} needs a job id: pose-studio jobs ${sub} ID --project DIR`);
  }
  return id;
}

/** A job as stored now, or undefined when it is not among the recent ones (the call then decides). */
async function recentJob(client: StudioClient, id: number): Promise<Job | undefined> {
  const { items } = await client.call('jobs.list', { limit: 200 });
  return items.find((job) => job.id === id);
}

/**
 * Resume a paused (or failed) job and follow it. A queued job needs no resume: opening the project
 * for this command already started it, so it is only followed.
 */
async function resumeJob(ctx: Ctx, id: number): Promise<number> {
  const job = await recentJob(ctx.client, id);
  if (job?.state === 'done') {
    out(ctx, `job ${id} is already done`, job);
    return 0;
  }
  if (job?.state === 'cancelled')
    throw new StudioError('CONFLICT', `job ${id} was cancelled; it cannot resume`);
  const resume = async (): Promise<void> => {
    if (job && (job.state === 'queued' || job.state === 'running')) return;
    const { resumed } = await ctx.client.call('jobs.resume', { id });
    if (!resumed)
      throw new StudioError('CONFLICT', `job ${id} cannot resume (it is ${job?.state ?? 'not resumable'})`);
  };
  if (ctx.values.detach) {
    await resume();
    out(
      ctx,
      `job ${id} queued; it runs while the project is open (app, serve, or this command without --detach)`,
      {
        id,
        resumed: true,
      },
    );
    return 0;
  }
  const before = (await findRun(ctx.client, id))?.done ?? 0;
  const followed = await followJob(ctx, async () => {
    await resume();
    ctx.io.stderr.write(`resuming job ${id}; Ctrl+C pauses\n`);
    return id;
  });
  return reportRun(ctx, followed, before);
}

/** pause / cancel: say whether it happened, and if not, the job's state (exit 1). */
async function changeJob(ctx: Ctx, sub: 'pause' | 'cancel', id: number): Promise<number> {
  const done =
    sub === 'pause'
      ? (await ctx.client.call('jobs.pause', { id })).paused
      : (await ctx.client.call('jobs.cancel', { id })).cancelled;
  const verb = sub === 'pause' ? 'paused' : 'cancelled';
  if (done) {
    out(
      ctx,
      `${verb} job ${id}${sub === 'pause' ? ` (resume: pose-studio jobs resume ${id} --project ${projectDir(ctx.values)})` : ''}`,
      {
        id,
        [verb]: true,
      },
    );
    return 0;
  }
  const state = (await recentJob(ctx.client, id))?.state ?? 'unknown';
  out(ctx, `job ${id} was not ${verb} (it is ${state})`, { id, [verb]: false, state });
  return 1;
}

export async function jobsCommand(ctx: Ctx): Promise<number> {
  const sub = ctx.positionals[1] ?? 'list';
  if (sub === 'list') {
    const { items } = await ctx.client.call('jobs.list', { limit: numberOption(ctx.values, 'limit') ?? 20 });
    out(ctx, printJobs(items), { items });
    return 0;
  }
  if (sub === 'resume') return resumeJob(ctx, jobIdArg(ctx, sub));
  if (sub === 'pause' || sub === 'cancel') return changeJob(ctx, sub, jobIdArg(ctx, sub));
  throw new UsageError(`unknown jobs subcommand "${sub}" (use list, pause, resume or cancel)`);
}

export async function variantsCommand(ctx: Ctx): Promise<number> {
  const sub = ctx.positionals[1] ?? 'list';
  if (sub !== 'list') throw new UsageError(`unknown variants subcommand "${sub}" (use list)`);
  const status = ctx.values.status;
  if (status !== undefined && !VariantStatusSchema.safeParse(status).success) {
    throw new UsageError(`--status expects new, accepted or rejected, got "${status}"`);
  }
  const runId = numberOption(ctx.values, 'run');
  const page = await ctx.client.call('variants.list', {
    filter: {
      ...(runId !== undefined ? { runId } : {}),
      ...(status !== undefined ? { status: VariantStatusSchema.parse(status) } : {}),
    },
    offset: numberOption(ctx.values, 'offset') ?? 0,
    limit: numberOption(ctx.values, 'limit') ?? 20,
  });
  out(ctx, printVariants(page), page);
  return 0;
}

export async function generatorsCommand(ctx: Ctx): Promise<number> {
  const sub = ctx.positionals[1] ?? 'list';
  if (sub !== 'list') throw new UsageError(`unknown generators subcommand "${sub}" (use list)`);
  const { items } = await ctx.client.call('generators.list', {});
  out(ctx, printGenerators(items), { items });
  return 0;
}
