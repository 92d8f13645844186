// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { PoseEditor } from '../model/poseEditor';
import { previewInput, previewPixels } from './conditionPreview';
import { CONDITION_MAP_LABEL, ConditionPreview } from './ConditionPreview';
import { installFakeCanvas, manualFrames, type FakeCanvas } from './testing/fakeCanvas';

const standing = loadPresets()[0]!;
let fake: FakeCanvas;
let frames: ReturnType<typeof manualFrames>;

beforeEach(() => {
  fake = installFakeCanvas();
  frames = manualFrames();
});
afterEach(() => {
  cleanup();
  frames.restore();
  fake.restore();
});

function setup(maxSize?: number) {
  const editor = new PoseEditor({ width: 512, height: 256, keypoints: standing.keypoints });
  render(<ConditionPreview editor={editor} maxSize={maxSize} />);
  const canvas = screen.getByRole('img', { name: CONDITION_MAP_LABEL }) as HTMLCanvasElement;
  const puts = () => fake.calls(canvas).filter((call) => call.method === 'putImageData');
  return { editor, canvas, puts };
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

const pixelsOf = (call: { args: unknown[] }) => (call.args[0] as { data: Uint8ClampedArray }).data;

describe('ConditionPreview', () => {
  it('is labelled and draws the map of the current pose at maxSize on mount', () => {
    const { editor, canvas, puts } = setup(256);
    expect(screen.getByText(CONDITION_MAP_LABEL)).toBeTruthy();
    expect([canvas.width, canvas.height]).toEqual([256, 128]);
    expect(puts()).toHaveLength(1);
    expect(sameBytes(pixelsOf(puts()[0]!), previewPixels(previewInput(editor.state, 256)))).toBe(true);
  });

  it('recomputes at most once per animation frame during a drag, from the latest pose', () => {
    const { editor, puts } = setup(128);
    const [x, y] = editor.state.keypoints[9]!;
    act(() => {
      editor.pointerDown({ x, y });
      for (let i = 1; i <= 5; i += 1) editor.pointerMove({ x: x + i * 10, y });
    });
    expect(frames.pending()).toBe(1);
    expect(puts()).toHaveLength(1);
    act(() => frames.flush());
    expect(puts()).toHaveLength(2);
    expect(sameBytes(pixelsOf(puts()[1]!), previewPixels(previewInput(editor.state, 128)))).toBe(true);
    expect(editor.state.keypoints[9]![0]).toBe(x + 50);
    act(() => editor.pointerUp());
    act(() => frames.flush());
    expect(puts()).toHaveLength(2); // the commit did not change the pose
  });

  it('ignores selection and hover, and stops on unmount', () => {
    const { editor, puts } = setup(128);
    act(() => editor.store.patch({ selection: [1, 2], hover: 3 }));
    expect(frames.pending()).toBe(0);
    act(() => editor.mirrorPose());
    expect(frames.pending()).toBe(1);
    cleanup();
    expect(frames.pending()).toBe(0);
    frames.flush();
    expect(puts()).toHaveLength(1);
  });
});
