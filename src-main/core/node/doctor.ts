/**
 * @file `doctor`: checks the catalog against the project folder and, with repair, fixes what can be
 * fixed: missing folders (recreated), media rows whose file is gone (row removed), files in media/
 * no row names (deleted), temp files left by an interrupted write or upload (deleted), jobs left
 * running by a killed process (marked failed), and SQLite integrity / foreign keys (reported);
 * plus generated variants against their media (doctorGeneration.ts).
 *
 * While a job runs, files in media/ may be renamed into place a moment before the row naming them
 * commits, so orphan and temp-file checks wait until no job runs (they would delete live work).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DoctorIssue, DoctorReport } from '../../contract';
import { countPoses } from '../catalog/node/posesRepo';
import { PROJECT_FOLDERS, type Project } from './project';
import { checkUnreferencedMedia, checkVariantMedia } from './doctorGeneration';

type Check = (project: Project, repair: boolean, issues: DoctorIssue[]) => void;

/** Jobs the studio is running now, and all whose unfinished state is expected (queued, paused). */
export type DoctorJobs = { running: ReadonlySet<number>; expected: ReadonlySet<number> };

function walkFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const checkFolders: Check = (project, repair, issues) => {
  for (const folder of PROJECT_FOLDERS) {
    const path = project.folder(folder);
    if (existsSync(path)) continue;
    if (repair) mkdirSync(path, { recursive: true });
    issues.push({ kind: 'missing-folder', path, message: `${folder}/ is missing`, repaired: repair });
  }
};

const checkIntegrity: Check = (project, _repair, issues) => {
  const db = project.catalog.writer;
  const quick = db.pragma('quick_check', { simple: true });
  if (quick !== 'ok') {
    issues.push({
      kind: 'integrity',
      path: null,
      message: `SQLite quick_check: ${String(quick)}`,
      repaired: false,
    });
  }
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    issues.push({
      kind: 'integrity',
      path: null,
      message: `${broken.length} rows break foreign keys`,
      repaired: false,
    });
  }
};

const isTemp = (path: string): boolean => path.endsWith('.tmp');

type MediaRow = { id: number; path: string };

/** Media rows whose file is gone (reported by `checkMissingMedia`, which runs after variants). */
function missingMedia(project: Project): { rows: MediaRow[]; missing: MediaRow[] } {
  const rows = project.catalog.writer.prepare('SELECT id, path FROM media').all() as MediaRow[];
  const mediaRoot = project.folder('media');
  return { rows, missing: rows.filter((row) => !existsSync(join(mediaRoot, row.path))) };
}

function checkMissingMedia(
  project: Project,
  repair: boolean,
  issues: DoctorIssue[],
  missing: MediaRow[],
): void {
  const db = project.catalog.writer;
  for (const row of missing) {
    if (repair) db.prepare('DELETE FROM media WHERE id = ?').run(row.id);
    issues.push({
      kind: 'missing-file',
      path: join(project.folder('media'), row.path),
      message: `media row ${row.id} names a missing file`,
      repaired: repair,
    });
  }
}

function checkOrphanFiles(project: Project, repair: boolean, issues: DoctorIssue[], rows: MediaRow[]): void {
  const mediaRoot = project.folder('media');
  const known = new Set(rows.map((row) => row.path));
  for (const file of walkFiles(mediaRoot)) {
    if (isTemp(file)) continue;
    const rel = relative(mediaRoot, file).split(sep).join('/');
    if (known.has(rel)) continue;
    if (repair) rmSync(file, { force: true });
    issues.push({
      kind: 'orphan-file',
      path: file,
      message: 'file in media/ that no catalog row names',
      repaired: repair,
    });
  }
}

const checkTempFiles: Check = (project, repair, issues) => {
  const leftovers = [
    ...['media', 'exports', 'runs'].flatMap((folder) =>
      walkFiles(project.folder(folder as 'media')).filter(isTemp),
    ),
    ...walkFiles(project.folder('tmp/uploads')),
  ];
  for (const file of leftovers) {
    if (repair) rmSync(file, { force: true });
    issues.push({
      kind: 'temp-file',
      path: file,
      message: 'unfinished write or unused upload',
      repaired: repair,
    });
  }
};

function checkJobs(
  project: Project,
  repair: boolean,
  issues: DoctorIssue[],
  expected: ReadonlySet<number>,
): void {
  const db = project.catalog.writer;
  const rows = db
    .prepare("SELECT id, title FROM jobs WHERE state IN ('queued', 'running', 'paused')")
    .all() as {
    id: number;
    title: string;
  }[];
  for (const row of rows.filter((r) => !expected.has(r.id))) {
    if (repair) {
      db.prepare("UPDATE jobs SET state = 'failed', error = 'interrupted', updated_at = ? WHERE id = ?").run(
        Date.now(),
        row.id,
      );
    }
    issues.push({
      kind: 'interrupted-job',
      path: null,
      message: `job ${row.id} (${row.title}) was left running`,
      repaired: repair,
    });
  }
}

/** Run every check; the caller holds the write lock and no transaction is open. */
export function runDoctor(project: Project, repair: boolean, jobs: DoctorJobs): DoctorReport {
  const issues: DoctorIssue[] = [];
  checkFolders(project, repair, issues);
  checkIntegrity(project, repair, issues);
  const media = missingMedia(project);
  // Variants first: repairing them frees the media rows that are then removed below.
  checkVariantMedia(
    project,
    repair,
    issues,
    media.missing.map((row) => row.id),
  );
  checkMissingMedia(project, repair, issues, media.missing);
  checkUnreferencedMedia(project, repair, issues);
  // Uploads waiting for a running import, and files a running generation renamed into place but
  // has not committed yet, are not leftovers.
  if (jobs.running.size === 0) {
    checkOrphanFiles(project, repair, issues, media.rows);
    checkTempFiles(project, repair, issues);
  }
  checkJobs(project, repair, issues, jobs.expected);
  const files = walkFiles(project.folder('media')).length;
  return {
    ok: issues.every((issue) => issue.repaired),
    checked: { poses: countPoses(project.catalog.writer, {}), files },
    issues,
  };
}
