import { describe, expect, it } from 'vitest';
import { reviewFixture } from './reviewFixture';
import {
  decideAll,
  decideEach,
  handValues,
  latestUndoable,
  listBatches,
  undoBatch,
  type ReviewValues,
} from './reviewRepo';

function setup(count: number) {
  const f = reviewFixture();
  const run = f.run();
  const pose = f.pose();
  return { f, ids: Array.from({ length: count }, () => f.variant(run, pose)) };
}

const hand = { by: 'hand' as const, label: (n: number) => `accepted ${n}` };

describe('review decisions and their log', () => {
  it('changes only rows that differ, logs them as one batch, and saves nothing for a no-op', () => {
    const { f, ids } = setup(3);
    const first = decideAll(f.db, [ids[0]!, ids[1]!], handValues('accepted', 'looks fine'), hand, 10);
    expect(first).toEqual({ id: 1, by: 'hand', label: 'accepted 2', count: 2, undone: false, at: 10 });
    expect(f.state(ids[0]!)).toEqual({ status: 'accepted', by: 'hand', reason: 'looks fine' });
    const second = decideAll(f.db, ids, handValues('accepted', 'looks fine'), hand, 11);
    expect(second?.count).toBe(1);
    expect(decideAll(f.db, ids, handValues('accepted', 'looks fine'), hand, 12)).toBeNull();
    expect(listBatches(f.db, 10).map((b) => b.id)).toEqual([2, 1]);
    // Reset to unreviewed drops who decided and why.
    decideAll(f.db, [ids[0]!], handValues('new', 'ignored'), hand, 13);
    expect(f.state(ids[0]!)).toEqual({ status: 'new', by: null, reason: null });
  });

  it('undo restores exactly what each row was, newest batch first; a second undo changes nothing', () => {
    const { f, ids } = setup(3);
    const auto = new Map<number, ReviewValues>([
      [ids[0]!, { status: 'rejected', by: 'auto', reason: 'auto: blur 3 (limit 20)' }],
      [ids[1]!, { status: 'rejected', by: 'auto', reason: 'auto: dark' }],
    ]);
    decideEach(f.db, auto, { by: 'auto', label: 'rules' }, 1);
    const before = ids.map((id) => f.state(id));
    const batch = decideAll(f.db, ids, handValues('accepted', null), hand, 2)!;
    expect(ids.map((id) => f.state(id).status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(latestUndoable(f.db)).toBe(batch.id);
    const undone = undoBatch(f.db, null, 3);
    expect(undone).toMatchObject({ restored: 3, batch: { id: batch.id, undone: true } });
    expect(ids.map((id) => f.state(id))).toEqual(before);
    expect(undoBatch(f.db, batch.id, 4)).toEqual({ restored: 0, batch: { ...undone.batch, undone: true } });
    expect(ids.map((id) => f.state(id))).toEqual(before);
    expect(() => undoBatch(f.db, 99, 4)).toThrow(/does not exist/);
    expect(undoBatch(f.db, null, 5).restored).toBe(2); // the rules batch
    expect(ids.map((id) => f.state(id).status)).toEqual(['new', 'new', 'new']);
    expect(undoBatch(f.db, null, 6)).toEqual({ restored: 0, batch: null });
  });

  it('undoing an older batch leaves rows a later decision changed', () => {
    const { f, ids } = setup(2);
    const older = decideAll(f.db, ids, handValues('rejected', 'bad hands'), hand, 1)!;
    decideAll(f.db, [ids[0]!], handValues('accepted', null), hand, 2);
    expect(undoBatch(f.db, older.id, 3).restored).toBe(1);
    expect(f.state(ids[0]!)).toEqual({ status: 'accepted', by: 'hand', reason: null });
    expect(f.state(ids[1]!)).toEqual({ status: 'new', by: null, reason: null });
  });

  it('a hand decision overrides a rule rejection and is logged with the rule values to go back to', () => {
    const { f, ids } = setup(1);
    const id = ids[0]!;
    decideEach(
      f.db,
      new Map([[id, { status: 'rejected', by: 'auto', reason: 'auto: x' } as const]]),
      { by: 'auto', label: 'r' },
      1,
    );
    decideAll(f.db, [id], handValues('accepted', null), hand, 2);
    expect(f.state(id)).toEqual({ status: 'accepted', by: 'hand', reason: null });
    const logged = f.db
      .prepare('SELECT old_status, old_by, old_reason FROM decisions WHERE batch_id = 2')
      .get();
    expect(logged).toEqual({ old_status: 'rejected', old_by: 'auto', old_reason: 'auto: x' });
  });
});
