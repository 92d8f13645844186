import { describe, expect, it } from 'vitest';
import { SHORTCUTS, reviewKeyIntent, reviewKeyTarget, type ReviewKey } from './keys';

const key = (k: string, mods: Partial<ReviewKey> = {}): ReviewKey => ({
  ...{ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false },
  ...mods,
});

describe('review keys', () => {
  it('maps letters to decisions, undo, next and the overlay, in either case', () => {
    expect(reviewKeyIntent(key('a'), 'page')).toEqual({ kind: 'decide', status: 'accepted' });
    expect(reviewKeyIntent(key('R', { shiftKey: true }), 'page')).toEqual({
      kind: 'decide',
      status: 'rejected',
    });
    expect(reviewKeyIntent(key('x'), 'control')).toEqual({ kind: 'decide', status: 'new' });
    expect(reviewKeyIntent(key('u'), 'page')).toEqual({ kind: 'undo' });
    expect(reviewKeyIntent(key('z', { ctrlKey: true }), 'page')).toEqual({ kind: 'undo' });
    expect(reviewKeyIntent(key('z', { metaKey: true, shiftKey: true }), 'page')).toBeNull();
    expect(reviewKeyIntent(key('n'), 'page')).toEqual({ kind: 'next' });
    expect(reviewKeyIntent(key('o'), 'page')).toEqual({ kind: 'overlay' });
    expect(reviewKeyIntent(key('?', { shiftKey: true }), 'control')).toEqual({ kind: 'help' });
    expect(reviewKeyIntent(key('q'), 'page')).toBeNull();
  });

  it('moves with arrows and extends with Shift, only outside buttons and fields', () => {
    expect(reviewKeyIntent(key('ArrowDown'), 'page')).toEqual({
      kind: 'move',
      key: 'ArrowDown',
      extend: false,
    });
    expect(reviewKeyIntent(key('ArrowLeft', { shiftKey: true }), 'page')).toEqual({
      kind: 'move',
      key: 'ArrowLeft',
      extend: true,
    });
    expect(reviewKeyIntent(key('ArrowDown'), 'control')).toBeNull();
    expect(reviewKeyIntent(key(' '), 'page')).toEqual({ kind: 'preview' });
    expect(reviewKeyIntent(key(' '), 'control')).toBeNull();
  });

  it('leaves form fields and Alt chords alone; Escape works anywhere else', () => {
    expect(reviewKeyIntent(key('a'), 'field')).toBeNull();
    expect(reviewKeyIntent(key('Escape'), 'field')).toBeNull();
    expect(reviewKeyIntent(key('a', { altKey: true }), 'page')).toBeNull();
    expect(reviewKeyIntent(key('Escape'), 'control')).toEqual({ kind: 'escape' });
  });

  it('classifies targets and lists every letter key in the help', () => {
    expect(reviewKeyTarget(null)).toBe('page');
    const listed = SHORTCUTS.flatMap((s) => s.keys);
    for (const letter of ['A', 'R', 'X', 'U', 'N', 'O', '?', 'Space']) expect(listed).toContain(letter);
  });
});
