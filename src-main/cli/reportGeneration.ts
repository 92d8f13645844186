/**
 * @file Human-readable CLI summaries for generation: a finished (or stopped) run, job and variant
 * tables, and the generators with their options. JSON output prints the contract's own objects.
 */
import type { GenerationRun, GeneratorInfo, Job, Variant } from '../contract';
import { formatAmount, formatCount } from '../core/shared/format';

const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** `8 poses x 5 variants, mannequin, 256x256`. */
export function describeRun(run: GenerationRun): string {
  const { request } = run;
  return (
    `${plural(run.poseCount, 'pose')} x ${plural(request.variantsPerPose, 'variant')}, ${run.generator}, ` +
    `${request.width}x${request.height}`
  );
}

export type RunSummary = {
  run: GenerationRun;
  /** Variants made while this command waited (a resumed run made some before). */
  made: number;
  seconds: number;
};

/** The closing line of `generate` / `jobs resume`: what was made, how fast, what failed. */
export function printRunSummary({ run, made, seconds }: RunSummary): string {
  const rate = seconds > 0 ? made / seconds : 0;
  // A pause lets items in flight commit after this is printed, so the count may still grow a little.
  const head =
    run.state === 'done'
      ? `run ${run.id} done`
      : `run ${run.id} ${run.state} at ${run.done + run.failed}/${run.total} items` +
        (run.state === 'paused' ? ' (items in flight still finish)' : '');
  return (
    `${head}: ${run.done} variants (${describeRun(run)}); ` +
    `${made} made in ${seconds.toFixed(1)} s, ${rate.toFixed(2)} variants/s; ` +
    `${run.failed} failed`
  );
}

function jobLine(job: Job): string {
  const amount =
    job.total === null
      ? formatAmount(job.done, job.unit)
      : job.unit === 'bytes'
        ? `${formatAmount(job.done, job.unit)} of ${formatAmount(job.total, job.unit)}`
        : `${formatCount(job.done)}/${formatAmount(job.total, job.unit)}`;
  const error = job.error ? `  (${clip(job.error, 60)})` : '';
  return `${String(job.id).padStart(5)}  ${job.kind.padEnd(9)} ${job.state.padEnd(9)} ${amount.padEnd(22)} ${clip(job.title, 50)}${error}`;
}

export function printJobs(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'no jobs yet';
  return ['   id  kind      state     progress               title', ...jobs.map(jobLine)].join('\n');
}

function variantLine(v: Variant): string {
  return (
    `${String(v.id).padStart(7)} ${String(v.runId).padStart(5)} ${String(v.poseId).padStart(6)} ` +
    `${String(v.index).padStart(3)}  ${`${v.width}x${v.height}`.padEnd(9)} ${String(v.seed).padStart(10)}  ` +
    `${v.status.padEnd(8)}  ${v.media.rgb}  ${clip(v.prompt, 48)}`
  );
}

export function printVariants(page: { items: Variant[]; total: number }): string {
  const header = '     id   run   pose   #  size            seed  status    image (under media/)  prompt';
  return [
    header,
    ...page.items.map(variantLine),
    `${page.items.length} of ${page.total} variants, newest first`,
  ].join('\n');
}

type JsonSchema = {
  type?: unknown;
  enum?: unknown;
  default?: unknown;
  properties?: unknown;
  description?: unknown;
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null;
}

/** `background (string: gradient|room|street, default gradient)` per option of a JSON Schema. */
function optionLines(schema: Record<string, unknown>): string[] {
  const properties = isSchema(schema.properties) ? Object.entries(schema.properties) : [];
  return properties.map(([key, raw]) => {
    const option = isSchema(raw) ? raw : {};
    const parts = [typeof option.type === 'string' ? option.type : 'value'];
    if (Array.isArray(option.enum)) parts[0] += `: ${option.enum.map(String).join('|')}`;
    if (option.default !== undefined) parts.push(`default ${JSON.stringify(option.default)}`);
    const about = typeof option.description === 'string' ? `  ${option.description}` : '';
    return `      --option ${key}=…  (${parts.join(', ')})${about}`;
  });
}

export function printGenerators(items: readonly GeneratorInfo[]): string {
  return items
    .map((g) => {
      const status = g.available ? 'available' : `unavailable: ${g.unavailableReason ?? 'unknown reason'}`;
      return [
        `${g.id}  (${g.name}; ${status})`,
        `    ${g.description}`,
        ...optionLines(g.optionsSchema),
      ].join('\n');
    })
    .join('\n');
}
