/**
 * @file Opens the project catalog with better-sqlite3: WAL, foreign keys, a busy timeout, and
 * migrations. The studio keeps two connections: one writer (all writes go through it, serialised
 * by a write lock) and one reader, so listing never sees another operation's uncommitted rows.
 */
import Database from 'better-sqlite3';
import { StudioError } from '../../../contract';
import { migrate, type Migration, migrations as allMigrations } from './migrations/registry';

export type Catalog = {
  readonly writer: Database.Database;
  readonly reader: Database.Database;
  readonly schemaVersion: number;
  close(): void;
};

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

function openOne(file: string, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StudioError('IO_ERROR', `cannot open the catalog ${file}: ${message}`);
  }
}

/** Open (and migrate) the catalog at `file`. `:memory:` gives a single shared connection. */
export function openCatalog(file: string, migrations: readonly Migration[] = allMigrations): Catalog {
  const writer = openOne(file, false);
  try {
    configure(writer);
    const integrity = writer.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') {
      throw new StudioError('IO_ERROR', `the catalog ${file} is damaged: ${String(integrity)}`);
    }
    migrate(writer, migrations);
  } catch (error) {
    writer.close();
    if (error instanceof StudioError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StudioError('IO_ERROR', `cannot open the catalog ${file}: ${message}`);
  }
  const reader = file === ':memory:' ? writer : openOne(file, true);
  if (reader !== writer) {
    reader.pragma('foreign_keys = ON');
    reader.pragma('busy_timeout = 5000');
  }
  const schemaVersion = writer.pragma('user_version', { simple: true }) as number;
  return {
    writer,
    reader,
    schemaVersion,
    close() {
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}
