import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('undoes and redoes recorded changes in order', () => {
    const history = new History<number>();
    history.record('a', 0, 1);
    history.record('b', 1, 2);
    expect(history.undoLabel).toBe('b');
    expect(history.undo()?.before).toBe(1);
    expect(history.undo()?.before).toBe(0);
    expect(history.undo()).toBeNull();
    expect(history.redo()?.after).toBe(1);
    expect(history.redoLabel).toBe('b');
  });

  it('does not record a change that changes nothing', () => {
    const history = new History<number>();
    expect(history.record('noop', 3, 3)).toBe(false);
    expect(history.canUndo).toBe(false);
  });

  it('drops the redo branch when a new change is recorded', () => {
    const history = new History<number>();
    history.record('a', 0, 1);
    history.undo();
    history.record('c', 0, 5);
    expect(history.canRedo).toBe(false);
    expect(history.undo()?.label).toBe('c');
  });

  it('records a whole transaction as one step and cancel returns the mark', () => {
    const history = new History<number>();
    history.begin('drag', 10);
    expect(history.canUndo).toBe(false);
    expect(history.commit(14)).toBe(true);
    expect(history.undo()).toMatchObject({ label: 'drag', before: 10, after: 14 });
    history.redo();
    history.begin('drag', 14);
    expect(history.cancel()).toBe(14);
    expect(history.undoLabel).toBe('drag');
    expect(history.position).toBe(1);
  });

  it('keeps at most `limit` entries and tracks positions for a dirty flag', () => {
    const history = new History<number>({ limit: 2 });
    for (let i = 0; i < 4; i += 1) history.record(`s${i}`, i, i + 1);
    expect(history.undo()?.label).toBe('s3');
    expect(history.undo()?.label).toBe('s2');
    expect(history.undo()).toBeNull();
    expect(history.position).toBe(0);
  });
});
