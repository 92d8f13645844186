/**
 * @file Imports pose files into the catalog: a file or a folder of files, each in ONE transaction
 * (a refused or cancelled file leaves nothing behind), streamed in batches so a 250 MB COCO file
 * never sits in memory, with duplicates of an earlier import of the same bytes skipped, progress
 * in bytes with rate and ETA, and cancellation between batches.
 */
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  StudioError,
  toErrorPayload,
  type FileImportReport,
  type ImportReport,
  type ImportSource,
  type PoseImportOptions,
  type SkipCounts,
} from '../../contract';
import { openPoseFile } from '../pose/formats';
import { prepareInsert } from '../catalog/node/posesRepo';
import { changeTags } from '../catalog/node/tagsRepo';
import {
  createImport,
  deleteImport,
  finishImport,
  prepareDuplicateCheck,
  priorImportIds,
} from '../catalog/node/importsRepo';
import type { JobContext } from '../jobs/node/jobManager';
import { fileSize, listJsonFiles, openBytes, resolveInside, sha256File } from './files';
import type { Project } from './project';

type ImportTarget = { path: string; name: string; bytes: number };

export type ImportDeps = {
  project: Project;
  now: () => number;
  /** Called after each committed file so clients refresh. */
  onCommitted: () => void;
};

function addCounts(into: SkipCounts, from: SkipCounts): void {
  for (const [reason, count] of Object.entries(from) as [keyof SkipCounts, number][]) {
    into[reason] = (into[reason] ?? 0) + count;
  }
}

/** Resolve the source into the files to read, with their sizes for progress. */
export async function resolveImportTargets(project: Project, source: ImportSource): Promise<ImportTarget[]> {
  if (source.kind === 'upload') {
    const path = resolveInside(project.folder('tmp/uploads'), source.uploadId);
    const info = path ? await stat(path).catch(() => null) : null;
    if (!path || !info)
      throw new StudioError('NOT_FOUND', `upload ${source.uploadId} does not exist (upload the file first)`);
    return [{ path, name: basename(source.fileName), bytes: info.size }];
  }
  const info = await stat(source.path).catch(() => null);
  if (!info) throw new StudioError('NOT_FOUND', `no file or folder at ${source.path}`, { path: source.path });
  if (info.isFile()) return [{ path: source.path, name: basename(source.path), bytes: info.size }];
  const files = await listJsonFiles(source.path);
  if (files.length === 0)
    throw new StudioError('NOT_FOUND', `no .json files in ${source.path}`, { path: source.path });
  return Promise.all(
    files.map(async (path) => ({ path, name: basename(path), bytes: await fileSize(path) })),
  );
}

/** Import one file in one transaction. Throws (after rolling back) when the file is refused. */
async function importOneFile(
  deps: ImportDeps,
  target: ImportTarget,
  options: PoseImportOptions,
  job: JobContext,
  bytesBefore: number,
): Promise<FileImportReport> {
  const db = deps.project.catalog.writer;
  const sha256 = await sha256File(target.path);
  const reader = await openPoseFile(openBytes(target.path), target.name, options);
  const passBytes = reader.totalBytes ?? target.bytes;
  const scale = passBytes > 0 ? target.bytes / passBytes : 1;
  const skipped: SkipCounts = {};
  let imported = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    const now = deps.now();
    const importId = createImport(db, { file: target.name, sha256, format: reader.format, options }, now);
    const isDuplicate = prepareDuplicateCheck(
      db,
      priorImportIds(db, sha256, reader.format).filter((id) => id !== importId),
    );
    const insert = prepareInsert(db);
    for await (const batch of reader.batches(job.signal)) {
      if (job.signal.aborted) throw new StudioError('CANCELLED', `import of ${target.name} cancelled`);
      const ids: number[] = [];
      for (const pose of batch.poses) {
        if (isDuplicate(pose.source.record)) skipped.duplicate = (skipped.duplicate ?? 0) + 1;
        else ids.push(insert(pose, importId, now));
      }
      if (options.tags.length > 0 && ids.length > 0) changeTags(db, ids, options.tags, [], now);
      imported += ids.length;
      job.progress(
        bytesBefore + Math.round(batch.bytesRead * scale),
        undefined,
        `${target.name}: ${imported} poses`,
      );
    }
    if (job.signal.aborted) throw new StudioError('CANCELLED', `import of ${target.name} cancelled`);
    addCounts(skipped, reader.skipped);
    if (imported === 0) deleteImport(db, importId);
    else finishImport(db, importId, { count: imported, skipped, warnings: reader.warnings });
    db.exec('COMMIT');
    return {
      file: target.name,
      format: reader.format,
      importId: imported === 0 ? null : importId,
      imported,
      skipped,
      warnings: reader.warnings,
      error: null,
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function refusedReport(name: string, error: unknown): FileImportReport {
  const payload = toErrorPayload(error);
  return { file: name, format: null, importId: null, imported: 0, skipped: {}, warnings: [], error: payload };
}

/**
 * Import every target. A single file that is refused throws its error (nothing imported); in a
 * folder, a refused file is reported and the others go on. Cancelling stops at the next batch and
 * rolls back the file in progress; files committed before stay.
 */
export async function importPoses(
  deps: ImportDeps,
  source: ImportSource,
  options: PoseImportOptions,
  job: JobContext,
): Promise<Omit<ImportReport, 'jobId'>> {
  const started = deps.now();
  const targets = await resolveImportTargets(deps.project, source);
  const total = targets.reduce((sum, target) => sum + target.bytes, 0);
  job.progress(0, total, `reading ${targets.length === 1 ? targets[0]!.name : `${targets.length} files`}`);
  const files: FileImportReport[] = [];
  let bytesBefore = 0;
  try {
    for (const target of targets) {
      try {
        files.push(await importOneFile(deps, target, options, job, bytesBefore));
        deps.onCommitted();
      } catch (error) {
        const cancelled = job.signal.aborted || (error instanceof StudioError && error.code === 'CANCELLED');
        if (targets.length === 1 || cancelled) throw error;
        files.push(refusedReport(target.name, error));
      }
      bytesBefore += target.bytes;
      job.progress(bytesBefore, total);
    }
  } finally {
    if (source.kind === 'upload') await rm(targets[0]!.path, { force: true });
  }
  const skipped: SkipCounts = {};
  for (const file of files) addCounts(skipped, file.skipped);
  return {
    files,
    imported: files.reduce((sum, file) => sum + file.imported, 0),
    skipped,
    failedFiles: files.filter((file) => file.error !== null).length,
    seconds: (deps.now() - started) / 1000,
  };
}
