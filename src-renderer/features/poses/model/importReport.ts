/**
 * @file Reading an import report for people: skip reasons in words with their counts, totals, and
 * the refused files with the message that names file/record/field. Pure.
 */
import type { FileImportReport, ImportReport, SkipCounts, SkipReason } from '../../../../src-main/contract';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  'no-keypoints': 'no labeled keypoints',
  crowd: 'crowd annotations',
  'not-person': 'not a person',
  malformed: 'malformed records',
  duplicate: 'duplicates',
};

export type SkipLine = { reason: SkipReason; label: string; count: number };

export function skipLines(counts: SkipCounts): SkipLine[] {
  return (Object.keys(SKIP_REASON_LABELS) as SkipReason[])
    .map((reason) => ({ reason, label: SKIP_REASON_LABELS[reason], count: counts[reason] ?? 0 }))
    .filter((line) => line.count > 0);
}

export function totalSkipped(counts: SkipCounts): number {
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

export function refusedFiles(report: ImportReport): FileImportReport[] {
  return report.files.filter((file) => file.error !== null);
}

/** Where in the file a refusal points, from the error details: `record 12, field keypoints`. */
export function errorLocation(details: Record<string, unknown> | undefined): string {
  if (details === undefined) return '';
  const parts: string[] = [];
  for (const key of ['record', 'field', 'line'] as const) {
    const value = details[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key} ${value}`);
  }
  return parts.join(', ');
}

/** `68 imported, 50 skipped, 1 file refused, in 0.4 s`. */
export function reportHeadline(report: ImportReport): string {
  const parts = [`${report.imported.toLocaleString('en-US')} imported`];
  const skipped = totalSkipped(report.skipped);
  if (skipped > 0) parts.push(`${skipped.toLocaleString('en-US')} skipped`);
  if (report.failedFiles > 0)
    parts.push(`${report.failedFiles} file${report.failedFiles === 1 ? '' : 's'} refused`);
  return `${parts.join(', ')}, in ${report.seconds.toFixed(1)} s`;
}
