/**
 * @file `doctor`: checks the catalog against the project folder and, with repair, fixes what can be
 * fixed: missing folders (recreated), media rows whose file is gone (row removed), files in media/
 * no row names (deleted), temp files left by an interrupted write or upload (deleted), jobs left
 * running by a killed process (marked failed), and SQLite integrity / foreign keys (reported).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DoctorIssue, DoctorReport } from '../../contract';
import { countPoses } from '../catalog/node/posesRepo';
import { PROJECT_FOLDERS, type Project } from './project';

type Check = (project: Project, repair: boolean, issues: DoctorIssue[]) => void;

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

const checkMedia: Check = (project, repair, issues) => {
  const db = project.catalog.writer;
  const mediaRoot = project.folder('media');
  const rows = db.prepare('SELECT id, path FROM media').all() as { id: number; path: string }[];
  const known = new Set<string>();
  for (const row of rows) {
    known.add(row.path);
    const full = join(mediaRoot, row.path);
    if (existsSync(full)) continue;
    if (repair) db.prepare('DELETE FROM media WHERE id = ?').run(row.id);
    issues.push({
      kind: 'missing-file',
      path: full,
      message: `media row ${row.id} names a missing file`,
      repaired: repair,
    });
  }
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
};

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
  liveJobIds: ReadonlySet<number>,
): void {
  const db = project.catalog.writer;
  const rows = db
    .prepare("SELECT id, title FROM jobs WHERE state IN ('queued', 'running', 'paused')")
    .all() as {
    id: number;
    title: string;
  }[];
  for (const row of rows.filter((r) => !liveJobIds.has(r.id))) {
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
export function runDoctor(project: Project, repair: boolean, liveJobIds: ReadonlySet<number>): DoctorReport {
  const issues: DoctorIssue[] = [];
  checkFolders(project, repair, issues);
  checkIntegrity(project, repair, issues);
  checkMedia(project, repair, issues);
  // Uploads waiting for an import that is running right now are not leftovers.
  if (liveJobIds.size === 0) checkTempFiles(project, repair, issues);
  checkJobs(project, repair, issues, liveJobIds);
  const files = walkFiles(project.folder('media')).length;
  return {
    ok: issues.every((issue) => issue.repaired),
    checked: { poses: countPoses(project.catalog.writer, {}), files },
    issues,
  };
}
