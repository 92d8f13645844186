/**
 * @file Results of expensive read queries (totals over a whole filter, a full best-first order),
 * kept per connection while the catalog is unchanged: the key includes `PRAGMA data_version`
 * (bumped when another connection commits) and this connection's own `total_changes()`, so any
 * write anywhere empties the cache. Scrolling through pages of one filter pays for them once.
 */
import type Database from 'better-sqlite3';

type Entries = { stamp: string; values: Map<string, unknown> };

const caches = new WeakMap<Database.Database, Entries>();
const MAX_ENTRIES = 32;

function stampOf(db: Database.Database): string {
  const version = db.pragma('data_version', { simple: true }) as number;
  const own = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${version}:${own}`;
}

/** The value for `key` computed since the catalog last changed, or `compute()` now. */
export function cachedRead<T>(db: Database.Database, key: string, compute: () => T): T {
  const stamp = stampOf(db);
  let entries = caches.get(db);
  if (!entries || entries.stamp !== stamp) caches.set(db, (entries = { stamp, values: new Map() }));
  if (entries.values.has(key)) return entries.values.get(key) as T;
  const value = compute();
  if (entries.values.size >= MAX_ENTRIES) entries.values.delete(entries.values.keys().next().value!);
  entries.values.set(key, value);
  return value;
}
