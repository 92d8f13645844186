import { describe, expect, it } from 'vitest';
import { keyIntent, keyTarget } from './libraryKeys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('library keys', () => {
  it('maps the library shortcuts', () => {
    expect(keyIntent(key('ArrowDown'), 'grid')).toEqual({ kind: 'move', key: 'ArrowDown' });
    expect(keyIntent(key('PageUp'), 'grid')).toEqual({ kind: 'move', key: 'PageUp' });
    expect(keyIntent(key('Enter'), 'grid')).toEqual({ kind: 'open' });
    expect(keyIntent(key(' '), 'grid')).toEqual({ kind: 'toggle' });
    expect(keyIntent(key('Delete'), 'grid')).toEqual({ kind: 'delete' });
    expect(keyIntent(key('Backspace'), 'grid')).toEqual({ kind: 'delete' });
    expect(keyIntent(key('Escape'), 'grid')).toEqual({ kind: 'escape' });
    expect(keyIntent(key('a', { ctrlKey: true }), 'grid')).toEqual({ kind: 'selectAll' });
    expect(keyIntent(key('a', { metaKey: true }), 'grid')).toEqual({ kind: 'selectAll' });
  });

  it('keeps Enter, Space and arrows for buttons outside the grid, but Delete/Escape/Ctrl+A work there', () => {
    expect(keyIntent(key('Enter'), 'other')).toBeNull();
    expect(keyIntent(key(' '), 'other')).toBeNull();
    expect(keyIntent(key('ArrowLeft'), 'other')).toBeNull();
    expect(keyIntent(key('Delete'), 'other')).toEqual({ kind: 'delete' });
    expect(keyIntent(key('Escape'), 'other')).toEqual({ kind: 'escape' });
    expect(keyIntent(key('a', { ctrlKey: true }), 'other')).toEqual({ kind: 'selectAll' });
  });

  it('leaves typing, other chords and unknown keys alone', () => {
    expect(keyIntent(key('Delete'), 'field')).toBeNull();
    expect(keyIntent(key('a', { ctrlKey: true }), 'field')).toBeNull();
    expect(keyIntent(key('c', { ctrlKey: true }), 'grid')).toBeNull();
    expect(keyIntent(key('ArrowDown', { altKey: true }), 'grid')).toBeNull();
    expect(keyIntent(key('x'), 'grid')).toBeNull();
    expect(keyTarget(null)).toBe('other');
  });
});
