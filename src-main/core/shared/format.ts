/**
 * @file Formatting of job progress for people: amounts in the job's unit (bytes become KB/MB/GB),
 * rates, ETAs and percentages. Pure; imports the contract's Job type only.
 */
import type { Job } from '../../contract';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** An amount in the job's unit: `12.4 MB` for bytes, `1,234 poses` otherwise. */
export function formatAmount(value: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(value) : `${formatCount(value)} ${unit}`;
}

export function formatRate(rate: number | null, unit: string): string {
  if (rate === null || !Number.isFinite(rate)) return '';
  return unit === 'bytes'
    ? `${formatBytes(rate)}/s`
    : `${rate >= 10 ? formatCount(rate) : rate.toFixed(1)} ${unit}/s`;
}

/** `45 s`, `3 min 05 s`, `2 h 07 min`; empty when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
}

/** Fraction done in [0, 1], or null when the total is unknown (indeterminate bar). */
export function progressFraction(job: Pick<Job, 'done' | 'total'>): number | null {
  if (job.total === null || job.total <= 0) return null;
  return Math.min(1, Math.max(0, job.done / job.total));
}

/** One line: `34% · 12.0 MB of 35.1 MB · 8.2 MB/s · 3 s left`. */
export function describeProgress(job: Job): string {
  const fraction = progressFraction(job);
  const parts: string[] = [];
  if (fraction !== null) parts.push(`${Math.floor(fraction * 100)}%`);
  parts.push(
    job.total === null
      ? formatAmount(job.done, job.unit)
      : `${formatAmount(job.done, job.unit)} of ${formatAmount(job.total, job.unit)}`,
  );
  const rate = formatRate(job.rate, job.unit);
  if (rate) parts.push(rate);
  const eta = formatEta(job.etaSeconds);
  if (eta && job.state === 'running') parts.push(`${eta} left`);
  return parts.join(' · ');
}
