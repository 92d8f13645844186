import { describe, expect, it } from 'vitest';
import { EditorStore } from './editorStore';
import type { Keypoint } from './types';

const pose = (x: number): Keypoint[] => Array.from({ length: 17 }, (_, i): Keypoint => [x + i, 10, 2]);

describe('EditorStore', () => {
  it('records pose commits, undoes, redoes and tracks the dirty flag', () => {
    const store = new EditorStore({ width: 100, height: 100, keypoints: pose(0) });
    store.commitPose('move', pose(5));
    expect(store.getState()).toMatchObject({ dirty: true, canUndo: true, undoLabel: 'move' });
    store.undo();
    expect(store.getState().keypoints[0]).toEqual([0, 10, 2]);
    expect(store.getState().dirty).toBe(false);
    store.redo();
    expect(store.getState().keypoints[0]).toEqual([5, 10, 2]);
    store.markSaved();
    expect(store.getState().dirty).toBe(false);
    store.undo();
    expect(store.getState().dirty).toBe(true);
  });

  it('makes a transaction one undo step and cancel returns to its start', () => {
    const store = new EditorStore({ width: 100, height: 100, keypoints: pose(0) });
    store.begin('drag');
    for (let x = 1; x <= 5; x += 1) store.preview(pose(x));
    store.commit();
    expect(store.getState().keypoints[0]![0]).toBe(5);
    store.undo();
    expect(store.getState().keypoints[0]![0]).toBe(0);
    expect(store.getState().canUndo).toBe(false);
    store.begin('drag');
    store.preview(pose(9));
    store.cancel();
    expect(store.getState().keypoints[0]![0]).toBe(0);
    expect(store.getState().canRedo).toBe(true);
  });

  it('keeps selection, hover and modes out of history and notifies subscribers', () => {
    const store = new EditorStore({ width: 100, height: 100, keypoints: pose(0) });
    const seen: number[][] = [];
    const stop = store.subscribe((state) => seen.push([...state.selection]));
    store.patch({ selection: [3, 1, 3], hover: 2, symmetric: true });
    expect(store.getState().selection).toEqual([1, 3]);
    expect(store.getState().canUndo).toBe(false);
    stop();
    store.patch({ selection: [] });
    expect(seen).toEqual([[1, 3]]);
  });

  it('does not alias the caller’s arrays', () => {
    const input = pose(0);
    const store = new EditorStore({ width: 100, height: 100, keypoints: input });
    input[0]![0] = 99;
    expect(store.getState().keypoints[0]![0]).toBe(0);
  });
});
