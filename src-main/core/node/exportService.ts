/**
 * @file Exports the poses matching a filter to COCO, OpenPose or ControlNet JSON. Poses are read
 * page by page (id keyset) from the reader connection and streamed through the platform-free
 * writers into a temp file that is renamed when complete, so an export never holds the whole
 * table and a failed export leaves no partial file.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  StudioError,
  type ExportFormat,
  type ExportResult,
  type Pose,
  type PoseFilter,
} from '../../contract';
import { countPoses, getPoses, poseIdsAfter } from '../catalog/node/posesRepo';
import { exportChunks } from '../pose/formats/export';
import { writeAtomically } from './files';
import type { Project } from './project';

const PAGE = 1000;

/** Every pose matching `filter`, in id order, one bounded page at a time. */
function* posesMatching(project: Project, filter: PoseFilter): Generator<Pose> {
  const db = project.catalog.reader;
  let after = 0;
  for (;;) {
    const ids = poseIdsAfter(db, filter, after, PAGE);
    if (ids.length === 0) return;
    yield* getPoses(db, ids);
    after = ids[ids.length - 1]!;
  }
}

function defaultName(format: ExportFormat, count: number, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const multiFile = format === 'openpose' && count > 1;
  return `poses-${format}-${stamp}.${multiFile ? 'zip' : 'json'}`;
}

export async function exportPoses(
  project: Project,
  filter: PoseFilter,
  format: ExportFormat,
  path: string | null,
  now: () => number,
): Promise<ExportResult> {
  const count = countPoses(project.catalog.reader, filter);
  if (count === 0) throw new StudioError('NOT_FOUND', 'no poses match the export selection');
  const target = path ?? join(project.folder('exports'), defaultName(format, count, now()));
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new StudioError('IO_ERROR', `cannot create ${dirname(target)}: ${(error as Error).message}`);
  }
  let bytes: number;
  try {
    bytes = await writeAtomically(target, exportChunks(format, posesMatching(project, filter), count));
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw new StudioError('IO_ERROR', `cannot write ${target}: ${(error as Error).message}`, {
      path: target,
    });
  }
  return { path: target, name: basename(target), count, bytes };
}
