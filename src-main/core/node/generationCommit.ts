/**
 * @file Commits finished generation items in small batches: one immediate transaction (under the
 * write lock) per batch inserts the media rows and the variant rows, or records item errors. The
 * files a batch names were renamed into media/ before the batch was queued, so a committed row never
 * names a missing file. A batch closes at `batchSize` items or `flushMs` after its first item, so a
 * slow generator still shows each variant promptly.
 */
import type Database from 'better-sqlite3';
import { clearItemError, recordItemError, type PendingItem } from '../catalog/node/generationRepo';
import { prepareVariantInsert, type VariantInsert, type VariantMediaIds } from '../catalog/node/variantsRepo';
import type { MediaRole } from '../jobs/node/generateTask';
import { prepareMediaUpsert, type StoredMedia } from '../media/node/mediaStore';
import type { Mutex } from '../shared/mutex';

export type CommitEntry =
  | {
      kind: 'variant';
      row: Omit<VariantInsert, 'media'>;
      files: { role: MediaRole; stored: StoredMedia }[];
    }
  | { kind: 'error'; item: PendingItem; message: string; final: boolean };

export type Committed = { entries: number; variants: number; errors: number; lastId: number | null };

export type CommitBatchOptions = {
  db: Database.Database;
  lock: Mutex;
  runId: number;
  now: () => number;
  batchSize: number;
  flushMs: number;
  onCommitted: (committed: Committed) => void;
};

function commitEntries(db: Database.Database, runId: number, entries: CommitEntry[], now: number): Committed {
  const upsertMedia = prepareMediaUpsert(db);
  const insertVariant = prepareVariantInsert(db);
  const committed: Committed = { entries: entries.length, variants: 0, errors: 0, lastId: null };
  db.transaction(() => {
    for (const entry of entries) {
      if (entry.kind === 'error') {
        recordItemError(db, runId, entry.item, entry.message, entry.final, now);
        committed.errors += 1;
        continue;
      }
      const ids: Partial<Record<MediaRole, number>> = {};
      for (const file of entry.files) ids[file.role] = upsertMedia(file.stored, `variant.${file.role}`, now);
      if (ids.rgb === undefined || ids.thumb === undefined)
        throw new Error('a variant needs rgb and thumb media');
      const media: VariantMediaIds = {
        rgb: ids.rgb,
        thumb: ids.thumb,
        depth: ids.depth ?? null,
        parts: ids.parts ?? null,
        condition: ids.condition ?? null,
      };
      const id = insertVariant({ ...entry.row, media }, now);
      clearItemError(db, runId, entry.row.poseId, entry.row.index);
      if (id !== null) {
        committed.variants += 1;
        committed.lastId = Math.max(committed.lastId ?? 0, id);
      }
    }
  }).immediate();
  return committed;
}

export class CommitBatch {
  readonly #options: CommitBatchOptions;
  #entries: CommitEntry[] = [];
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown = null;

  constructor(options: CommitBatchOptions) {
    this.#options = options;
  }

  /** The first commit error, if any (the job fails with it). */
  get failure(): unknown {
    return this.#failure;
  }

  add(entry: CommitEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length >= this.#options.batchSize) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#options.flushMs);
  }

  /** Commit what is waiting; resolves when every batch so far is committed (never rejects). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const entries = this.#entries.splice(0);
    if (entries.length === 0) return this.#chain;
    const { db, lock, runId, now, onCommitted } = this.#options;
    this.#chain = this.#chain
      .then(async () => {
        if (this.#failure !== null) return;
        const committed = await lock.runExclusive(() => commitEntries(db, runId, entries, now()));
        onCommitted(committed);
      })
      .catch((error: unknown) => {
        this.#failure ??= error;
      });
    return this.#chain;
  }
}
