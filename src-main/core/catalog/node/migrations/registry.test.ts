import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../../contract';
import { checkRegistry, latestVersion, migrate, migrations, type Migration } from './registry';

const version = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

describe('migration registry', () => {
  it('is strictly increasing and ends at the latest version', () => {
    expect(() => checkRegistry(migrations)).not.toThrow();
    expect(latestVersion()).toBe(migrations[migrations.length - 1]!.version);
  });

  it('rejects a registry out of order', () => {
    const a: Migration = { version: 20, name: 'a', up: () => {} };
    const b: Migration = { version: 10, name: 'b', up: () => {} };
    expect(() => checkRegistry([a, b])).toThrow(/out of order/);
  });

  it('migrates a new database to the latest version and is idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db).applied).toEqual(migrations.map((m) => `${m.version}-${m.name}`));
    expect(version(db)).toBe(latestVersion());
    expect(migrate(db).applied).toEqual([]);
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 990');
    let error: unknown;
    try {
      migrate(db);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('VERSION_TOO_NEW');
    expect((error as StudioError).message).toMatch(/newer Pose Studio \(schema 990/);
    expect(version(db)).toBe(990);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({
      n: 0,
    });
  });

  it('runs all pending steps in one transaction: a failing step leaves nothing behind', () => {
    const db = new Database(':memory:');
    const list: Migration[] = [
      { version: 10, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 20,
        name: 'two',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, list)).toThrow('boom');
    expect(version(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });
});
