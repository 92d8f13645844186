/**
 * @file `pose-studio generate`: turns the options into a generate.start request (checked against
 * the contract's schema here, so a bad option is a usage error, exit 2), starts the run and
 * follows its job with a progress bar until it stops, then prints what was made. Also the closing
 * report shared with `jobs resume`: it is the same run, followed again.
 */
import {
  GenerateRequestSchema,
  describeIssues,
  type GenerateRequest,
  type GenerationRun,
  type PoseFilter,
  type StudioClient,
} from '../contract';
import { UsageError, filterFromArgs, numberOption } from './args';
import { out, projectDir, type Ctx, type Values } from './context';
import { followJob, type FollowResult } from './follow';
import { describeRun, printRunSummary } from './reportGeneration';

const POSES_USAGE = '--poses expects all, tag:NAME[,NAME...] or ids:1,2,3';

/** `all` | `tag:a,b` (poses carrying every tag) | `ids:1,2,3`. */
export function parsePoses(raw: string | undefined): PoseFilter {
  if (raw === undefined || raw === 'all') return {};
  const colon = raw.indexOf(':');
  const [kind, list] = colon < 0 ? [raw, ''] : [raw.slice(0, colon), raw.slice(colon + 1)];
  const items = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0 || (kind !== 'tag' && kind !== 'ids'))
    throw new UsageError(`${POSES_USAGE}, got "${raw}"`);
  if (kind === 'tag') return { tags: items };
  const ids = items.map(Number);
  if (!ids.every((id) => Number.isInteger(id) && id > 0)) {
    throw new UsageError(`${POSES_USAGE}: pose ids are positive whole numbers, got "${list}"`);
  }
  return { ids };
}

/** `256` (square) or `WxH`. */
export function parseSize(raw: string | undefined): { width?: number; height?: number } {
  if (raw === undefined) return {};
  const match = /^(\d+)(?:x(\d+))?$/i.exec(raw.trim());
  if (!match) throw new UsageError(`--size expects N or WxH in pixels (e.g. 256 or 320x240), got "${raw}"`);
  const width = Number(match[1]);
  return { width, height: match[2] === undefined ? width : Number(match[2]) };
}

/** `key=value` pairs; a value that parses as JSON (numbers, true, [..]) is taken as such. */
export function parseOptions(raw: readonly string[] | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of raw ?? []) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (!key) throw new UsageError(`--option expects key=value, got "${pair}"`);
    const text = pair.slice(eq + 1);
    try {
      options[key] = JSON.parse(text) as unknown;
    } catch {
      options[key] = text;
    }
  }
  return options;
}

/** The selection: --poses, narrowed by the usual filters (tags from both must all be present). */
function selection(values: Values): PoseFilter {
  const filter = filterFromArgs(values);
  const poses = parsePoses(values.poses);
  if (poses.ids && filter.ids) throw new UsageError('give pose ids once: --poses ids:... or --ids');
  const tags = [...(filter.tags ?? []), ...(poses.tags ?? [])];
  return { ...filter, ...poses, ...(tags.length > 0 ? { tags: [...new Set(tags)] } : {}) };
}

/** The generate.start request, validated like the dispatcher would (but as a usage error). */
export function generateRequest(values: Values): GenerateRequest {
  const parsed = GenerateRequestSchema.safeParse({
    poses: selection(values),
    ...(values.variants !== undefined ? { variantsPerPose: numberOption(values, 'variants') } : {}),
    ...(values.generator !== undefined ? { generator: values.generator } : {}),
    ...(values.prompt !== undefined ? { promptTemplate: values.prompt } : {}),
    ...(values['seed-mode'] !== undefined ? { seedMode: values['seed-mode'] } : {}),
    ...(values.seed !== undefined ? { seed: numberOption(values, 'seed') } : {}),
    ...parseSize(values.size),
    options: parseOptions(values.option),
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  return parsed.data;
}

/** The run a job belongs to (runs are listed newest first; an old one may be out of reach). */
export async function findRun(client: StudioClient, jobId: number): Promise<GenerationRun | null> {
  const { items } = await client.call('generate.runs', { limit: 200 });
  return items.find((run) => run.jobId === jobId) ?? null;
}

/**
 * Print how a followed run ended and pick the exit code: 0 done, 1 done with failed items or
 * failed, 130 paused or cancelled (like any interrupted command). Hints go to stderr so stdout
 * stays the summary (or the run as JSON).
 */
export async function reportRun(ctx: Ctx, followed: FollowResult, doneBefore: number): Promise<number> {
  const { job } = followed;
  const found = await findRun(ctx.client, job.id);
  if (!found) {
    out(ctx, `job ${job.id} ${job.state}${job.error ? `: ${job.error}` : ''}`, job);
    return job.state === 'done' ? 0 : job.state === 'failed' ? 1 : 130;
  }
  // The job is the authority on state: the run row may lag a pause still letting items finish.
  const run: GenerationRun = { ...found, state: job.state };
  out(
    ctx,
    printRunSummary({ run, made: Math.max(0, run.done - doneBefore), seconds: followed.seconds }),
    run,
  );
  const dir = projectDir(ctx.values);
  const hint = (line: string): boolean => ctx.io.stderr.write(`${line}\n`);
  if (job.state === 'done') hint(`list them: pose-studio variants list --project ${dir} --run ${run.id}`);
  if (job.state === 'failed') hint(`run failed: ${job.error ?? 'unknown error'}`);
  if (job.state === 'paused' || job.state === 'failed') {
    hint(`resume it with: pose-studio jobs resume ${job.id} --project ${dir}`);
  }
  if (job.state === 'done') return run.failed > 0 ? 1 : 0;
  return job.state === 'failed' ? 1 : 130;
}

export async function generateCommand(ctx: Ctx): Promise<number> {
  const request = generateRequest(ctx.values);
  const dir = projectDir(ctx.values);
  const announce = (run: GenerationRun): string =>
    `run ${run.id} (job ${run.jobId}): ${run.total} variants, ${describeRun(run)}`;
  if (ctx.values.detach) {
    const run = await ctx.client.call('generate.start', request);
    out(ctx, `queued ${announce(run)}`, run);
    ctx.io.stderr.write(
      `it runs while the project is open: in the app, in pose-studio serve --project ${dir}, ` +
        `or here with pose-studio jobs resume ${run.jobId} --project ${dir}\n`,
    );
    return 0;
  }
  const followed = await followJob(ctx, async () => {
    const run = await ctx.client.call('generate.start', request);
    ctx.io.stderr.write(`${announce(run)}; Ctrl+C pauses\n`);
    return run.jobId;
  });
  return reportRun(ctx, followed, 0);
}
