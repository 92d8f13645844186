/**
 * @file `pose-studio score` and `pose-studio review`. `score` queues a scoring job (face and image
 * checks, only unscored variants unless --rescore) and follows it with a progress bar (Ctrl+C
 * pauses, twice cancels). `review` decides by hand (--set, over --run / --status / --ids), by rule
 * (--apply-rules: every check at its default threshold, --rule CHECK=LIMIT or CHECK=off to change
 * one; --dry-run previews), or takes a batch of decisions back (--undo [BATCH]).
 */
import type { QualityRule, ReviewFilter, RulePreview, StudioClient, VariantStatus } from '../contract';
import { UsageError, numberOption } from './args';
import { out, projectDir, type Ctx, type Values } from './context';
import { followJob } from './follow';

function runFilter(values: Values): ReviewFilter {
  const runId = numberOption(values, 'run');
  return runId === undefined ? {} : { runId };
}

/** Failed items, from the job's message (`N scored, M failed`). */
const failedOf = (message: string | null): number => Number(/(\d+) failed/.exec(message ?? '')?.[1] ?? 0);

export async function scoreCommand(ctx: Ctx): Promise<number> {
  const input = { filter: runFilter(ctx.values), rescore: ctx.values.rescore ?? false };
  const dir = projectDir(ctx.values);
  if (ctx.values.detach) {
    const queued = await ctx.client.call('quality.score', input);
    out(ctx, `queued scoring of ${queued.count} variants (job ${queued.jobId})`, queued);
    ctx.io.stderr.write(
      `it runs while the project is open; here: pose-studio jobs resume ${queued.jobId} --project ${dir}\n`,
    );
    return 0;
  }
  let count = 0;
  const followed = await followJob(ctx, async () => {
    const queued = await ctx.client.call('quality.score', input);
    count = queued.count;
    const what = input.rescore ? 'variants' : 'unscored variants';
    ctx.io.stderr.write(`scoring ${count} ${what} (job ${queued.jobId}); Ctrl+C pauses\n`);
    return queued.jobId;
  });
  const { job, seconds } = followed;
  const failed = failedOf(job.message);
  const rate = seconds > 0 ? ` (${(job.done / seconds).toFixed(1)}/s)` : '';
  const summary =
    job.state === 'done'
      ? `scored ${job.done - failed} of ${count} variants in ${seconds.toFixed(1)} s${rate}${failed ? `, ${failed} failed` : ''}`
      : `scoring ${job.state} after ${job.done} of ${count} variants${job.error ? `: ${job.error}` : ''}`;
  out(ctx, summary, { jobId: job.id, count, state: job.state, done: job.done, failed, seconds });
  if (job.state === 'paused' || job.state === 'failed')
    ctx.io.stderr.write(`resume it with: pose-studio jobs resume ${job.id} --project ${dir}\n`);
  if (job.state === 'done' && count > 0)
    ctx.io.stderr.write(`preview the rules: pose-studio review --apply-rules --dry-run --project ${dir}\n`);
  if (job.state === 'done') return failed > 0 ? 1 : 0;
  return job.state === 'failed' ? 1 : 130;
}

const PAGE = 500;

/** Ids of the variants matching --run / --status / --ids, paged through variants.list. */
async function reviewIds(ctx: Ctx): Promise<number[]> {
  if (ctx.values.ids) {
    const ids = ctx.values.ids.split(',').map((id) => Number(id.trim()));
    if (!ids.every((id) => Number.isInteger(id) && id > 0)) throw new UsageError('--ids expects 1,2,3');
    return ids;
  }
  const runId = numberOption(ctx.values, 'run');
  const status = ctx.values.status as VariantStatus | undefined;
  const filter = { ...(runId === undefined ? {} : { runId }), ...(status === undefined ? {} : { status }) };
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.client.call('variants.list', { filter, offset, limit: PAGE, newestFirst: false });
    ids.push(...page.items.map((v) => v.id));
    if (page.items.length < PAGE) return ids;
  }
}

async function setCommand(ctx: Ctx, status: VariantStatus): Promise<number> {
  const ids = await reviewIds(ctx);
  if (ids.length === 0) {
    out(ctx, 'no variants match', { updated: 0, batches: [] });
    return 0;
  }
  let updated = 0;
  const batches: number[] = [];
  for (let i = 0; i < ids.length; i += 50_000) {
    const reason = ctx.values.reason;
    const chunk = ids.slice(i, i + 50_000);
    const result = await ctx.client.call('variants.review', {
      ids: chunk,
      status,
      ...(reason ? { reason } : {}),
    });
    updated += result.updated;
    if (result.batch) batches.push(result.batch.id);
  }
  out(ctx, `${updated} of ${ids.length} variants set to ${status}`, {
    updated,
    matched: ids.length,
    batches,
  });
  return 0;
}

/** Every check at its default threshold, changed by `--rule CHECK=LIMIT` / `--rule CHECK=off`. */
export async function rulesFromArgs(
  client: StudioClient,
  raw: readonly string[] | undefined,
): Promise<QualityRule[]> {
  const { items } = await client.call('quality.checks', {});
  const rules = new Map(
    items.map((check) => [check.id, { check: check.id, threshold: check.defaultThreshold, enabled: true }]),
  );
  for (const pair of raw ?? []) {
    const eq = pair.indexOf('=');
    const [id, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
    const rule = rules.get(id);
    if (!rule)
      throw new UsageError(`--rule: unknown check "${id}" (checks: ${[...rules.keys()].join(', ')})`);
    if (value === 'off') rule.enabled = false;
    else if (value !== '' && Number.isFinite(Number(value))) rule.threshold = Number(value);
    else throw new UsageError(`--rule expects CHECK=LIMIT or CHECK=off, got "${pair}"`);
  }
  return [...rules.values()];
}

function printPreview(
  rules: readonly QualityRule[],
  preview: RulePreview,
  directions: Map<string, string>,
): string {
  const lines = ['check              limit       would reject'];
  for (const rule of rules) {
    const count = preview.perRule.find((r) => r.check === rule.check)?.count ?? 0;
    const side = directions.get(rule.check) === 'low-is-bad' ? '<' : '>';
    const limit = rule.enabled ? `${side} ${rule.threshold}` : 'off';
    lines.push(
      `${rule.check.padEnd(18)} ${limit.padEnd(11)} ${String(count).padStart(6)}${rule.enabled ? '' : ' (off)'}`,
    );
  }
  lines.push(
    `total: ${preview.total} of ${preview.considered} scored variants looked at (unreviewed or rejected by a rule); ` +
      `${preview.released ?? 0} earlier rule rejections would go back to unreviewed`,
  );
  return lines.join('\n');
}

async function applyRulesCommand(ctx: Ctx): Promise<number> {
  const rules = await rulesFromArgs(ctx.client, ctx.values.rule);
  const filter = runFilter(ctx.values);
  if (ctx.values['dry-run']) {
    const preview = await ctx.client.call('quality.preview', { rules, filter, sample: 0 });
    const { items } = await ctx.client.call('quality.checks', {});
    out(ctx, printPreview(rules, preview, new Map(items.map((c) => [c.id, c.direction]))), {
      rules,
      ...preview,
    });
    return 0;
  }
  const applied = await ctx.client.call('quality.apply', { rules, filter });
  const batch = applied.batch ? ` (batch ${applied.batch.id})` : '';
  out(
    ctx,
    `${applied.rejected} variants rejected by the rules${batch}; ${applied.released ?? 0} earlier rule rejections released`,
    applied,
  );
  if (applied.batch)
    ctx.io.stderr.write(
      `undo it with: pose-studio review --undo ${applied.batch.id} --project ${projectDir(ctx.values)}\n`,
    );
  return 0;
}

async function undoCommand(ctx: Ctx): Promise<number> {
  const raw = ctx.positionals[1];
  const batchId = raw === undefined ? undefined : Number(raw);
  if (batchId !== undefined && (!Number.isInteger(batchId) || batchId <= 0)) {
    throw new UsageError(`review --undo takes a batch id (see pose-studio review --batches), got "${raw}"`);
  }
  const result = await ctx.client.call('review.undo', batchId === undefined ? {} : { batchId });
  const human = result.batch
    ? `undid batch ${result.batch.id} (${result.batch.label}): ${result.restored} variants restored`
    : 'nothing to undo';
  out(ctx, human, result);
  return 0;
}

async function batchesCommand(ctx: Ctx): Promise<number> {
  const { items } = await ctx.client.call('review.batches', {
    limit: numberOption(ctx.values, 'limit') ?? 20,
  });
  const lines = items.map(
    (b) =>
      `${String(b.id).padStart(5)}  ${b.by.padEnd(4)}  ${String(b.count).padStart(7)}  ${b.undone ? 'undone' : '      '}  ${b.label}`,
  );
  out(ctx, lines.length > 0 ? lines.join('\n') : 'no decisions yet', items);
  return 0;
}

export async function reviewCommand(ctx: Ctx): Promise<number> {
  const v = ctx.values;
  const modes = [v.set !== undefined, v['apply-rules'] === true, v.undo === true, v.batches === true];
  if (modes.filter(Boolean).length !== 1) {
    throw new UsageError('review needs one of --set STATUS, --apply-rules, --undo [BATCH] or --batches');
  }
  if (v['apply-rules']) return applyRulesCommand(ctx);
  if (v.undo) return undoCommand(ctx);
  if (v.batches) return batchesCommand(ctx);
  const status = v.set;
  if (status !== 'accepted' && status !== 'rejected' && status !== 'new') {
    throw new UsageError(`review needs --set accepted|rejected|new, got "${status ?? ''}"`);
  }
  return setCommand(ctx, status);
}
