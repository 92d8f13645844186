/**
 * @file Undo history with marks. Every change is an entry (label, before, after) so undo and
 * redo are exact; a mark opens a transaction (a drag) whose intermediate states are not
 * recorded: committing it records one entry from the mark to the final state, cancelling it
 * hands back the state at the mark. Generic over the snapshot type so it is testable alone.
 */

export type HistoryEntry<T> = { id: number; label: string; before: T; after: T };

export type HistoryOptions<T> = {
  /** Entries kept; the oldest are dropped beyond it. */
  limit?: number;
  /** Equality of snapshots; a change that changes nothing is not recorded. */
  equals?: (a: T, b: T) => boolean;
};

export class History<T> {
  private past: HistoryEntry<T>[] = [];
  private future: HistoryEntry<T>[] = [];
  private mark: { label: string; before: T } | null = null;
  private nextId = 1;
  private readonly limit: number;
  private readonly equals: (a: T, b: T) => boolean;

  constructor(options: HistoryOptions<T> = {}) {
    this.limit = options.limit ?? 500;
    this.equals = options.equals ?? Object.is;
  }

  /** Record a finished change; returns false (and records nothing) when before equals after. */
  record(label: string, before: T, after: T): boolean {
    if (this.equals(before, after)) return false;
    this.past.push({ id: this.nextId, label, before, after });
    this.nextId += 1;
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    return true;
  }

  /** Open a transaction at `current`. An open one is committed first (nested marks do not stack). */
  begin(label: string, current: T, latest: T = current): void {
    if (this.mark !== null) this.commit(latest);
    this.mark = { label, before: current };
  }

  get inTransaction(): boolean {
    return this.mark !== null;
  }

  /** Close the transaction, recording one entry from the mark to `current` if it changed anything. */
  commit(current: T): boolean {
    const mark = this.mark;
    this.mark = null;
    return mark === null ? false : this.record(mark.label, mark.before, current);
  }

  /** Close the transaction without recording; returns the state at the mark (null when none was open). */
  cancel(): T | null {
    const mark = this.mark;
    this.mark = null;
    return mark === null ? null : mark.before;
  }

  /** Step back; returns the entry whose `before` is the state to restore. */
  undo(): HistoryEntry<T> | null {
    if (this.mark !== null) return null;
    const entry = this.past.pop();
    if (entry === undefined) return null;
    this.future.push(entry);
    return entry;
  }

  /** Step forward; returns the entry whose `after` is the state to restore. */
  redo(): HistoryEntry<T> | null {
    if (this.mark !== null) return null;
    const entry = this.future.pop();
    if (entry === undefined) return null;
    this.past.push(entry);
    return entry;
  }

  get canUndo(): boolean {
    return this.mark === null && this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.mark === null && this.future.length > 0;
  }

  get undoLabel(): string | null {
    return this.past.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future.at(-1)?.label ?? null;
  }

  /**
   * Identifies the current position in history (the id of the last applied entry, 0 at the start):
   * a dirty flag compares it with the position at the last save, so undoing back to it is clean.
   */
  get position(): number {
    return this.past.at(-1)?.id ?? 0;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.mark = null;
  }
}
