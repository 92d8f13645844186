/**
 * @file Human-readable CLI summaries of contract results (imports, pose pages, doctor reports).
 */
import type { DoctorReport, ImportReport, Pose, SkipCounts } from '../contract';

export function formatSkips(skipped: SkipCounts): string {
  const parts = Object.entries(skipped)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([reason, count]) => `${count} ${reason}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

export function printImport(report: ImportReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    if (file.error) {
      lines.push(`  ${file.file}: REFUSED [${file.error.code}] ${file.error.message}`);
      continue;
    }
    lines.push(
      `  ${file.file} (${file.format}): ${file.imported} imported, skipped: ${formatSkips(file.skipped)}`,
    );
    for (const warning of file.warnings) lines.push(`    warning: ${warning}`);
  }
  const summary =
    `imported ${report.imported} poses from ${report.files.length - report.failedFiles} of ${report.files.length} files` +
    ` in ${report.seconds.toFixed(1)} s; skipped: ${formatSkips(report.skipped)}` +
    (report.failedFiles > 0 ? `; ${report.failedFiles} files refused` : '');
  return report.files.length > 1 || report.files.some((f) => f.warnings.length > 0 || f.error)
    ? `${lines.join('\n')}\n${summary}`
    : summary;
}

function poseLine(pose: Pose): string {
  const source = [pose.source.file, pose.source.record].filter(Boolean).join('#');
  const tags = pose.tags.length > 0 ? `  [${pose.tags.join(', ')}]` : '';
  return `${String(pose.id).padStart(7)}  ${`${pose.width}x${pose.height}`.padEnd(10)} ${String(pose.labeledCount).padStart(2)}/17  ${source}${tags}`;
}

export function printPoses(page: { items: Pose[]; total: number }): string {
  const header = '     id  canvas     kps    source';
  const footer = `${page.items.length} of ${page.total} poses`;
  return [header, ...page.items.map(poseLine), footer].join('\n');
}

export function printDoctor(report: DoctorReport): string {
  const lines = report.issues.map(
    (issue) =>
      `  ${issue.repaired ? 'repaired' : 'found'} ${issue.kind}: ${issue.message}${issue.path ? ` (${issue.path})` : ''}`,
  );
  const head =
    `checked ${report.checked.poses} poses and ${report.checked.files} media files: ` +
    (report.issues.length === 0 ? 'all clean' : `${report.issues.length} issues`);
  const tail = report.ok ? '' : '\nrun again with --repair to fix what can be fixed';
  return [head, ...lines].join('\n') + tail;
}
