/**
 * @file A project on disk: a folder with studio.sqlite (the catalog), media/ (content-addressed
 * files), runs/ (checkpoints, exports of models), exports/ (pose exports) and tmp/ (uploads and
 * files being written). Creating, opening and describing one lives here.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { StudioError, type ProjectInfo } from '../../contract';
import { openCatalog, type Catalog } from '../catalog/node/database';
import { countPoses } from '../catalog/node/posesRepo';

export const CATALOG_FILE = 'studio.sqlite';
export const PROJECT_FOLDERS = ['media', 'runs', 'exports', 'tmp', 'tmp/uploads'] as const;

export type Project = {
  readonly dir: string;
  readonly name: string;
  readonly catalog: Catalog;
  folder(name: (typeof PROJECT_FOLDERS)[number]): string;
};

function ensureFolders(dir: string): void {
  for (const folder of PROJECT_FOLDERS) mkdirSync(join(dir, folder), { recursive: true });
}

function makeProject(dir: string, catalog: Catalog): Project {
  return { dir, name: basename(dir), catalog, folder: (name) => join(dir, name) };
}

export function isProjectDir(dir: string): boolean {
  return existsSync(join(dir, CATALOG_FILE));
}

/** Create a project in `dir` (which may exist if empty) and open it. */
export function createProject(rawDir: string): Project {
  const dir = resolve(rawDir);
  if (isProjectDir(dir)) {
    throw new StudioError('PROJECT_EXISTS', `${dir} is already a Pose Studio project; open it instead`, {
      path: dir,
    });
  }
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new StudioError('CONFLICT', `${dir} exists and is not a folder`, { path: dir });
    }
    const entries = readdirSync(dir).filter((name) => !name.startsWith('.'));
    if (entries.length > 0) {
      throw new StudioError('CONFLICT', `${dir} is not empty; choose an empty or new folder for a project`, {
        path: dir,
      });
    }
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StudioError('IO_ERROR', `cannot create ${dir}: ${(error as Error).message}`, { path: dir });
  }
  ensureFolders(dir);
  return makeProject(dir, openCatalog(join(dir, CATALOG_FILE)));
}

/** Open an existing project (migrating its catalog), or refuse clearly. */
export function openProject(rawDir: string): Project {
  const dir = resolve(rawDir);
  if (!existsSync(dir)) throw new StudioError('NOT_FOUND', `no folder at ${dir}`, { path: dir });
  if (!isProjectDir(dir)) {
    throw new StudioError('NOT_FOUND', `${dir} is not a Pose Studio project (it has no ${CATALOG_FILE})`, {
      path: dir,
    });
  }
  const catalog = openCatalog(join(dir, CATALOG_FILE));
  ensureFolders(dir);
  return makeProject(dir, catalog);
}

export function describeProject(project: Project): ProjectInfo {
  return {
    path: project.dir,
    name: project.name,
    schemaVersion: project.catalog.schemaVersion,
    poseCount: countPoses(project.catalog.reader, {}),
  };
}
