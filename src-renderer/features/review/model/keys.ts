/**
 * @file Keyboard map of the review page and the shortcut list its help overlay shows (one table,
 * so the help can never disagree with the keys). Arrows move, Shift+arrows extend the selection,
 * A accepts, R rejects, X resets to unreviewed, U (or Ctrl/Cmd+Z) undoes the last decision,
 * N jumps to the next unreviewed variant, Space opens/closes the large preview, O toggles the
 * skeleton overlay, ? opens the help, Escape closes or clears. Keys typed into form fields are
 * left alone; arrows and Space are also left to focused buttons and links (Space clicks them).
 * Pure.
 */
import { isNavKey, type NavKey } from './gridNav';
import type { HandStatus } from './optimistic';

export type ReviewIntent =
  | { kind: 'move'; key: NavKey; extend: boolean }
  | { kind: 'decide'; status: HandStatus }
  | { kind: 'undo' }
  | { kind: 'next' }
  | { kind: 'preview' }
  | { kind: 'overlay' }
  | { kind: 'help' }
  | { kind: 'escape' };

export type ReviewKey = {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
};

/** Where a key was pressed: a form field, a button or link, or anywhere else on the page (the grid). */
export type ReviewKeyTarget = 'field' | 'control' | 'page';

const LETTERS: Record<string, ReviewIntent> = {
  a: { kind: 'decide', status: 'accepted' },
  r: { kind: 'decide', status: 'rejected' },
  x: { kind: 'decide', status: 'new' },
  u: { kind: 'undo' },
  n: { kind: 'next' },
  o: { kind: 'overlay' },
};

export function reviewKeyIntent(event: ReviewKey, target: ReviewKeyTarget): ReviewIntent | null {
  if (target === 'field' || event.altKey) return null;
  if (event.ctrlKey || event.metaKey) {
    return event.key.toLowerCase() === 'z' && !event.shiftKey ? { kind: 'undo' } : null;
  }
  if (event.key === 'Escape') return { kind: 'escape' };
  if (event.key === '?') return { kind: 'help' };
  if (isNavKey(event.key))
    return target === 'page' ? { kind: 'move', key: event.key, extend: event.shiftKey } : null;
  if (event.key === ' ') return target === 'page' ? { kind: 'preview' } : null;
  return LETTERS[event.key.toLowerCase()] ?? null;
}

/** Classify a key event's target element (DOM only; `page` outside a browser). */
export function reviewKeyTarget(target: EventTarget | null): ReviewKeyTarget {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return 'page';
  if (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return 'field';
  return ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName) ? 'control' : 'page';
}

export type Shortcut = { keys: readonly string[]; action: string };

/** What the help overlay lists, in this order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['←', '→'], action: 'Previous / next variant of the pose' },
  { keys: ['↑', '↓'], action: 'Same column in the pose above / below' },
  { keys: ['Home', 'End'], action: 'First / last variant of the pose' },
  { keys: ['PgUp', 'PgDn'], action: 'A screenful of poses up / down' },
  { keys: ['Shift + arrows'], action: 'Extend the selection (Shift-click and Ctrl-click too)' },
  { keys: ['A'], action: 'Accept the selection, or the focused variant' },
  { keys: ['R'], action: 'Reject the selection, or the focused variant' },
  { keys: ['X'], action: 'Back to unreviewed' },
  { keys: ['U', 'Ctrl + Z'], action: 'Undo the last decision' },
  { keys: ['N'], action: 'Next unreviewed variant' },
  { keys: ['Space'], action: 'Large preview with faces and scores (again to close)' },
  { keys: ['O'], action: 'Show / hide the skeleton overlay' },
  { keys: ['Esc'], action: 'Close the preview, else clear the selection' },
  { keys: ['?'], action: 'This help' },
];
