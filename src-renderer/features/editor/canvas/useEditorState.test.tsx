// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import type { EditorState } from '../model/editorStore';
import { PoseEditor } from '../model/poseEditor';
import { memoizedSelector, shallowEqual, useEditorState } from './useEditorState';

afterEach(cleanup);

const standing = loadPresets()[0]!;

describe('shallowEqual and memoizedSelector', () => {
  it('compares arrays and objects one level deep', () => {
    expect(shallowEqual([1, 2], [1, 2])).toBe(true);
    expect(shallowEqual([1, 2], [1, 3])).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1 })).toBe(true);
    expect(shallowEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(shallowEqual([{}], [{}])).toBe(false);
    expect(shallowEqual([], {})).toBe(false);
  });

  it('selects once per state and keeps an equal previous value', () => {
    const editor = new PoseEditor({ width: 512, height: 512, keypoints: standing.keypoints });
    const select = vi.fn((s: EditorState) => [s.selection.length]);
    const get = memoizedSelector(() => editor.store.getState(), select, shallowEqual);
    const first = get();
    expect(get()).toBe(first);
    expect(select).toHaveBeenCalledTimes(1);
    editor.store.patch({ hover: 3 });
    expect(get()).toBe(first); // new state, equal value: same reference
    editor.store.patch({ selection: [1] });
    expect(get()).toEqual([1]);
  });
});

describe('useEditorState', () => {
  it('re-renders only when the selected value changes', () => {
    const editor = new PoseEditor({ width: 512, height: 512, keypoints: standing.keypoints });
    let renders = 0;
    const selectCount = (s: EditorState) => s.selection.length;
    function Count() {
      renders += 1;
      const count = useEditorState(editor, selectCount);
      return <span data-testid="count">{count}</span>;
    }
    render(<Count />);
    expect(screen.getByTestId('count').textContent).toBe('0');
    const before = renders;
    act(() => editor.store.patch({ hover: 2 }));
    act(() => editor.mirrorPose());
    expect(renders).toBe(before);
    act(() => editor.store.patch({ selection: [1, 2] }));
    expect(screen.getByTestId('count').textContent).toBe('2');
    expect(renders).toBe(before + 1);
  });
});
