/**
 * @file `useEditorState(editor, select)`: a slice of the editor's store for panels, through
 * useSyncExternalStore. The component re-renders only when the selected value changes (by
 * `Object.is`, or the `equal` given, e.g. `shallowEqual` for a selector that builds an array or
 * object). The canvas does not use this: its hot path subscribes to the store directly.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { EditorState } from '../model/editorStore';
import type { PoseEditor } from '../model/poseEditor';

/** Equal arrays (element-wise `Object.is`) or plain objects (own keys, `Object.is` per value). */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && Object.is(recordA[key], recordB[key]));
}

/**
 * A snapshot function with its own memo: the same state gives the same value, and a value
 * `equal` to the previous one keeps the previous one, so React sees a stable snapshot and skips
 * the render.
 */
export function memoizedSelector<T>(
  getState: () => EditorState,
  select: (state: EditorState) => T,
  equal: (a: T, b: T) => boolean,
): () => T {
  let memo: { state: EditorState; value: T } | null = null;
  return () => {
    const state = getState();
    if (memo !== null && memo.state === state) return memo.value;
    const value = select(state);
    memo = { state, value: memo !== null && equal(memo.value, value) ? memo.value : value };
    return memo.value;
  };
}

export function useEditorState<T>(
  editor: PoseEditor,
  select: (state: EditorState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const subscribe = useCallback((onChange: () => void) => editor.store.subscribe(onChange), [editor]);
  const getSnapshot = useMemo(
    () => memoizedSelector(() => editor.store.getState(), select, equal),
    [editor, select, equal],
  );
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
