/**
 * @file The migration registry and runner: numbered migrations (steps of 10), a monotonic
 * check, `user_version` bookkeeping, every pending step in one transaction, and a clear refusal
 * to open a database written by a newer Pose Studio.
 */
import type Database from 'better-sqlite3';
import { StudioError } from '../../../../contract';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-generation';
import { migration0030 } from './0030-training';
import { migration0040 } from './0040-quality';
import { migration0050 } from './0050-models';
import { migration0060 } from './0060-pose-shapes';

export type Migration = {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
};

export const migrations: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
];

export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

export function checkRegistry(list: readonly Migration[]): void {
  let previous = 0;
  for (const migration of list) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(
        `migration registry out of order: ${migration.version} (${migration.name}) after ${previous}`,
      );
    }
    previous = migration.version;
  }
}

export type MigrationOutcome = { from: number; to: number; applied: string[] };

/** Bring `db` up to the newest version of `list`, or refuse a database from the future. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): MigrationOutcome {
  checkRegistry(list);
  const from = db.pragma('user_version', { simple: true }) as number;
  const newest = latestVersion(list);
  if (from > newest) {
    throw new StudioError(
      'VERSION_TOO_NEW',
      `this catalog was written by a newer Pose Studio (schema ${from}; this build knows up to ${newest}). ` +
        'Update Pose Studio to open it; the file was left untouched.',
      { schemaVersion: from, supported: newest },
    );
  }
  const pending = list.filter((migration) => migration.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return { from, to: newest, applied: pending.map((m) => `${m.version}-${m.name}`) };
}
