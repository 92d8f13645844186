/**
 * @file Keyboard map of the pose library: arrows/Home/End/PageUp/PageDown move focus, Enter opens
 * the focused pose, Space toggles it, Delete/Backspace deletes the selection (after a confirm),
 * Escape closes the detail panel or clears the selection, Ctrl/Cmd+A selects the whole filter
 * result. Keys typed into form fields are left alone, and grid keys (moves, Enter, Space) only
 * act when the grid has focus, so buttons elsewhere keep their own Enter/Space. Pure.
 */
import { isFocusKey, type FocusKey } from './gridLayout';

export type KeyIntent =
  | { kind: 'move'; key: FocusKey }
  | { kind: 'open' }
  | { kind: 'toggle' }
  | { kind: 'delete' }
  | { kind: 'escape' }
  | { kind: 'selectAll' };

export type KeyLike = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean };

/** Where the key was pressed: in a form field, in the grid, or on anything else in the library. */
export type KeyTarget = 'field' | 'grid' | 'other';

export function keyIntent(event: KeyLike, target: KeyTarget): KeyIntent | null {
  if (target === 'field' || event.altKey) return null;
  const command = event.ctrlKey || event.metaKey;
  if (command) return event.key === 'a' || event.key === 'A' ? { kind: 'selectAll' } : null;
  const inGrid = target === 'grid';
  if (isFocusKey(event.key)) return inGrid ? { kind: 'move', key: event.key } : null;
  switch (event.key) {
    case 'Enter':
      return inGrid ? { kind: 'open' } : null;
    case ' ':
      return inGrid ? { kind: 'toggle' } : null;
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'Escape':
      return { kind: 'escape' };
    default:
      return null;
  }
}

/** Classify a key event's target element (DOM only; `other` outside a browser). */
export function keyTarget(target: EventTarget | null): KeyTarget {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return 'other';
  if (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return 'field';
  return target.closest('[role="grid"]') !== null ? 'grid' : 'other';
}
