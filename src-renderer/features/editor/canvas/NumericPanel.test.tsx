// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { PoseEditor } from '../model/poseEditor';
import type { Keypoint } from '../model/types';
import { SET_POSITION_LABEL } from './jointEdits';
import { NumericPanel } from './NumericPanel';

afterEach(cleanup);

const standing = loadPresets()[0]!;

function setup(keypoints: readonly Keypoint[] = standing.keypoints) {
  const editor = new PoseEditor({ width: 512, height: 512, keypoints });
  render(<NumericPanel editor={editor} />);
  const select = (...joints: number[]) => act(() => editor.store.patch({ selection: joints }));
  return { editor, select };
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('NumericPanel', () => {
  it('says when nothing is selected', () => {
    setup();
    expect(screen.getByTestId('numeric-panel').textContent).toMatch(/No joint selected/);
  });

  it('shows the selected joint and commits an exact x as one undo step', () => {
    const { editor, select } = setup();
    select(9);
    expect(screen.getByTestId('ed-joint-name').textContent).toBe('Left wrist');
    const [x, y] = editor.state.keypoints[9]!;
    expect(field('ed-joint-x').value).toBe(String(Math.round(x * 100) / 100));
    fireEvent.change(field('ed-joint-x'), { target: { value: '140.5' } });
    expect(editor.state.keypoints[9]![0]).toBe(x); // typing alone commits nothing
    fireEvent.blur(field('ed-joint-x'));
    expect(editor.state.keypoints[9]).toEqual([140.5, y, 2]);
    expect(editor.state.undoLabel).toBe(SET_POSITION_LABEL);
    act(() => editor.undo());
    expect(editor.state.keypoints[9]![0]).toBe(x);
    expect(editor.state.canUndo).toBe(false);
    expect(field('ed-joint-x').value).toBe(String(Math.round(x * 100) / 100));
  });

  it('shows where a dragged joint ends up when the drag ends, without a render per pointer move', () => {
    const editor = new PoseEditor({ width: 512, height: 512, keypoints: standing.keypoints });
    let commits = 0;
    render(
      <Profiler id="numeric" onRender={() => (commits += 1)}>
        <NumericPanel editor={editor} />
      </Profiler>,
    );
    const [x, y] = editor.state.keypoints[9]!;
    act(() => editor.pointerDown({ x, y })); // selects the wrist and starts dragging it
    expect(field('ed-joint-x').value).toBe(String(Math.round(x * 100) / 100));
    const before = commits;
    for (let i = 1; i <= 20; i += 1) act(() => editor.pointerMove({ x: x + i, y }));
    expect(commits).toBe(before);
    act(() => editor.pointerUp());
    expect(field('ed-joint-x').value).toBe(String(Math.round((x + 20) * 100) / 100));
  });

  it('commits y on Enter, reverts on Escape, ignores text that is not a number', () => {
    const { editor, select } = setup();
    select(15);
    const [, y] = editor.state.keypoints[15]!;
    fireEvent.change(field('ed-joint-y'), { target: { value: '99' } });
    fireEvent.keyDown(field('ed-joint-y'), { key: 'Escape' });
    fireEvent.blur(field('ed-joint-y'));
    expect(editor.state.keypoints[15]![1]).toBe(y);
    fireEvent.change(field('ed-joint-y'), { target: { value: '' } });
    fireEvent.blur(field('ed-joint-y'));
    expect(editor.state.canUndo).toBe(false);
    fireEvent.change(field('ed-joint-y'), { target: { value: '420' } });
    fireEvent.keyDown(field('ed-joint-y'), { key: 'Enter' });
    expect(editor.state.keypoints[15]![1]).toBe(420);
  });

  it('keeps key presses in its fields from the page shortcuts', () => {
    const { select } = setup();
    select(9);
    const onKey = vi.fn();
    window.addEventListener('keydown', onKey);
    fireEvent.keyDown(field('ed-joint-x'), { key: '2' });
    fireEvent.keyDown(screen.getByTestId('ed-joint-visibility'), { key: '0' });
    window.removeEventListener('keydown', onKey);
    expect(onKey).not.toHaveBeenCalled();
  });

  it('changes visibility through the model', () => {
    const { editor, select } = setup();
    select(7);
    const visibility = () => screen.getByTestId('ed-joint-visibility') as HTMLSelectElement;
    expect(visibility().value).toBe('2');
    fireEvent.change(visibility(), { target: { value: '1' } });
    expect(editor.state.keypoints[7]![2]).toBe(1);
    expect(editor.state.undoLabel).toBe('Mark occluded');
    expect(visibility().value).toBe('1');
    fireEvent.change(visibility(), { target: { value: '0' } });
    expect(editor.state.keypoints[7]).toEqual([0, 0, 0]);
    expect(editor.state.selection).toEqual([]);
  });

  it('offers placing for an unlabeled joint instead of coordinates', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[3] = [0, 0, 0];
    const { editor, select } = setup(keypoints);
    select(3);
    expect(field('ed-joint-x').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('ed-joint-visibility'), { target: { value: '2' } });
    expect(editor.state.placing).toBe(3);
    act(() => editor.escape());
    fireEvent.click(screen.getByRole('button', { name: 'Place on the canvas' }));
    expect(editor.state.placing).toBe(3);
  });

  it('shows the count and the common visibility of several joints and sets it on all', () => {
    const { editor, select } = setup();
    select(5, 6, 7);
    expect(screen.getByTestId('ed-joint-name').textContent).toBe('3 joints selected');
    expect(screen.queryByTestId('ed-joint-x')).toBeNull();
    const visibility = () => screen.getByTestId('ed-joint-visibility') as HTMLSelectElement;
    expect(visibility().value).toBe('2');
    act(() =>
      editor.store.commitPose(
        'occlude one',
        editor.state.keypoints.map((p, i) => (i === 6 ? [p[0], p[1], 1] : p)),
      ),
    );
    expect(visibility().value).toBe('mixed');
    fireEvent.change(visibility(), { target: { value: '1' } });
    expect([5, 6, 7].map((j) => editor.state.keypoints[j]![2])).toEqual([1, 1, 1]);
    act(() => editor.undo());
    expect([5, 6, 7].map((j) => editor.state.keypoints[j]![2])).toEqual([2, 1, 2]);
  });
});
