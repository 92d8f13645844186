/**
 * @file Terminal progress for long jobs: a bar with percent, rate, ETA and the job's message,
 * redrawn in place on a TTY and printed as occasional plain lines otherwise (logs, CI).
 */
import type { Job } from '../contract';
import { formatAmount, formatCount, formatEta, formatRate, progressFraction } from '../core/shared/format';

/** One line describing a job's progress, `width` columns for the bar. */
export function progressLine(job: Job, width = 24): string {
  const fraction = progressFraction(job);
  const filled = fraction === null ? 0 : Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = fraction === null ? '  ?%' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const rate = job.rate === null ? '' : ` ${formatRate(job.rate, job.unit)}`;
  const eta = ` ETA ${formatEta(job.etaSeconds) || '--'}`;
  // Bytes carry their unit on both sides (KB vs MB); counts name it once: `12/40 variants`.
  const amount =
    job.total === null
      ? ''
      : job.unit === 'bytes'
        ? ` ${formatAmount(job.done, job.unit)}/${formatAmount(job.total, job.unit)}`
        : ` ${formatCount(job.done)}/${formatAmount(job.total, job.unit)}`;
  const message = job.message ? `  ${job.message}` : '';
  return `${bar} ${percent}${amount}${rate}${eta}${message}`;
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
