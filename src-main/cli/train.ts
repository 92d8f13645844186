/**
 * @file `pose-studio train`, `train list`, `eval` and `export-model`: training options
 * turned into a train.start request (checked against the contract's schema here, so a bad option is
 * a usage error, exit 2), the run followed with a progress bar (Ctrl+C pauses, twice cancels), then
 * a summary; evaluation followed the same way, printed beside the other runs' results.
 */
import {
  TrainRequestSchema,
  describeIssues,
  type StudioClient,
  type TrainRequest,
  type TrainRun,
} from '../contract';
import { UsageError, numberOption } from './args';
import { out, projectDir, type Ctx, type Values } from './context';
import { followJob } from './follow';
import { printEvalTable, printTrainRun, printTrainRuns } from './reportTraining';

/** `8x4` -> { groups: 8, members: 4 }. */
export function parseBatch(raw: string | undefined): { groups: number; members: number } | undefined {
  if (raw === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!match) throw new UsageError(`--batch expects GROUPSxMEMBERS (e.g. 8x4), got "${raw}"`);
  return { groups: Number(match[1]), members: Number(match[2]) };
}

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function trainRequest(values: Values): TrainRequest {
  if (!values.recipe) throw new UsageError('train needs --recipe simclr|stablerep|genpoccl');
  const run = numberOption(values, 'run');
  const parsed = TrainRequestSchema.safeParse(
    defined({
      name: values.name,
      recipe: { recipe: values.recipe },
      steps: numberOption(values, 'steps'),
      seed: numberOption(values, 'seed'),
      batch: parseBatch(values.batch),
      model: values.model === undefined ? undefined : { preset: values.model },
      threads: numberOption(values, 'threads'),
      checkpointEvery: numberOption(values, 'checkpoint-every'),
      optimizer: {
        ...defined({
          lr: numberOption(values, 'lr'),
          weightDecay: numberOption(values, 'weight-decay'),
          warmupSteps: numberOption(values, 'warmup'),
        }),
      },
      dataset: defined({
        runIds: run === undefined ? undefined : [run],
        includeUnreviewed: values['include-unreviewed'] ?? false,
        groupBy: values['group-by'],
        evalFraction: numberOption(values, 'eval-fraction'),
      }),
    }),
  );
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  return parsed.data;
}

async function findTrainRun(client: StudioClient, jobId: number): Promise<TrainRun | null> {
  const { items } = await client.call('train.runs', { limit: 200 });
  return items.find((run) => run.jobId === jobId) ?? null;
}

function exitCode(state: TrainRun['state']): number {
  return state === 'done' ? 0 : state === 'failed' ? 1 : 130;
}

async function startCommand(ctx: Ctx): Promise<number> {
  const request = trainRequest(ctx.values);
  const dir = projectDir(ctx.values);
  if (ctx.values.detach) {
    const run = await ctx.client.call('train.start', request);
    out(ctx, `queued training run ${run.id} (job ${run.jobId})`, run);
    ctx.io.stderr.write(
      `it runs while the project is open; here: pose-studio jobs resume ${run.jobId} --project ${dir}\n`,
    );
    return 0;
  }
  const followed = await followJob(ctx, async () => {
    const run = await ctx.client.call('train.start', request);
    ctx.io.stderr.write(
      `training run ${run.id} (job ${run.jobId}): ${run.recipe}, ${run.steps} steps on ${run.trainCount} ` +
        `variants (${run.evalCount} held out); Ctrl+C pauses\n`,
    );
    return run.jobId;
  });
  const run = await findTrainRun(ctx.client, followed.job.id);
  if (!run) throw new Error(`job ${followed.job.id} has no training run`);
  const detail = await ctx.client.call('train.get', { id: run.id, maxPoints: 20 });
  const final = { ...detail, run: { ...detail.run, state: followed.job.state } };
  out(ctx, printTrainRun(final, followed.seconds), final);
  if (followed.job.state === 'failed')
    ctx.io.stderr.write(`run failed: ${followed.job.error ?? 'unknown'}\n`);
  if (followed.job.state === 'paused') {
    ctx.io.stderr.write(`resume it with: pose-studio jobs resume ${followed.job.id} --project ${dir}\n`);
  }
  return exitCode(followed.job.state);
}

export async function trainCommand(ctx: Ctx): Promise<number> {
  const sub = ctx.positionals[1];
  if (sub === 'list') {
    const { items } = await ctx.client.call('train.runs', { limit: numberOption(ctx.values, 'limit') ?? 50 });
    out(ctx, printTrainRuns(items), items);
    return 0;
  }
  if (sub !== undefined) throw new UsageError(`unknown train subcommand "${sub}" (train, train list)`);
  return startCommand(ctx);
}

function requiredRun(values: Values): number {
  const id = numberOption(values, 'run');
  if (id === undefined) throw new UsageError('this command needs --run ID (see pose-studio train list)');
  return id;
}

export async function evalCommand(ctx: Ctx): Promise<number> {
  const id = requiredRun(ctx.values);
  const step = numberOption(ctx.values, 'step');
  const followed = await followJob(ctx, async () => {
    const { jobId } = await ctx.client.call('train.eval', { id, ...(step === undefined ? {} : { step }) });
    ctx.io.stderr.write(`evaluating run ${id} (job ${jobId})\n`);
    return jobId;
  });
  if (followed.job.state !== 'done') {
    ctx.io.stderr.write(
      `evaluation ${followed.job.state}${followed.job.error ? `: ${followed.job.error}` : ''}\n`,
    );
    return exitCode(followed.job.state);
  }
  const { items } = await ctx.client.call('train.evals', {});
  const runs = (await ctx.client.call('train.runs', { limit: 200 })).items;
  out(ctx, printEvalTable(items, runs), items.filter((e) => e.runId === id).at(-1) ?? null);
  return 0;
}

export async function exportModelCommand(ctx: Ctx): Promise<number> {
  const id = requiredRun(ctx.values);
  const format = ctx.values.format;
  if (format !== 'onnx' && format !== 'onnx-fp16' && format !== 'timm-safetensors') {
    throw new UsageError(`--format expects onnx, onnx-fp16 or timm-safetensors, got "${format ?? ''}"`);
  }
  const step = numberOption(ctx.values, 'step');
  const result = await ctx.client.call('train.export', {
    id,
    format,
    ...(step === undefined ? {} : { step }),
  });
  out(ctx, `wrote ${result.path} (${result.bytes} bytes, step ${result.step})`, result);
  return 0;
}
