/**
 * @file Terminal progress for long jobs: a bar with percent, rate, ETA and the job's message,
 * redrawn in place on a TTY and printed as occasional plain lines otherwise (logs, CI).
 */
import type { Job } from '../contract';
import { formatDuration } from '../core/shared/format';

export function formatAmount(value: number, unit: string): string {
  if (unit !== 'bytes') return `${Math.round(value)} ${unit}`;
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(2)} GB`;
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(1)} MB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} kB`;
  return `${Math.round(value)} B`;
}

/** One line describing a job's progress, `width` columns for the bar. */
export function progressLine(job: Job, width = 24): string {
  const fraction = job.total && job.total > 0 ? Math.min(1, job.done / job.total) : null;
  const filled = fraction === null ? 0 : Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = fraction === null ? '  ?%' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const rate = job.rate === null ? '' : ` ${formatAmount(job.rate, job.unit)}/s`;
  const eta = ` ETA ${formatDuration(job.etaSeconds)}`;
  const message = job.message ? `  ${job.message}` : '';
  return `${bar} ${percent}${rate}${eta}${message}`;
}

export type ProgressSink = { update(job: Job): void; done(): void };

export function createProgressSink(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
): ProgressSink {
  let lastPlain = 0;
  let drawn = false;
  return {
    update(job) {
      const line = progressLine(job);
      if (stream.isTTY) {
        const columns = stream.columns ?? 100;
        stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
        drawn = true;
      } else if (Date.now() - lastPlain > 2000 || job.state !== 'running') {
        stream.write(`${line}\n`);
        lastPlain = Date.now();
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
