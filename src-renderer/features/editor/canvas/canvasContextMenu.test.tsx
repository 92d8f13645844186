// @vitest-environment jsdom
/**
 * The real Konva canvas (fake 2D context) reports right-clicks: the labeled joint under the
 * pointer at any zoom, or null on empty canvas, with the client position; the browser's menu is
 * always prevented; nothing is reported mid-drag; the report itself changes nothing in the model.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { PoseEditor } from '../model/poseEditor';
import { toScreen } from '../model/viewport';
import { EditorCanvas, type EditorCanvasHandle, type ScreenPoint } from './EditorCanvas';
import { installFakeCanvas, type FakeCanvas } from './testing/fakeCanvas';

const standing = loadPresets()[0]!;
const LEFT_WRIST = 9;
let fake: FakeCanvas;

beforeEach(() => {
  fake = installFakeCanvas(800, 600);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

function setup() {
  const editor = new PoseEditor({ width: 512, height: 512, keypoints: standing.keypoints });
  const handle = createRef<EditorCanvasHandle>();
  const onMenu = vi.fn<(joint: number | null, screen: ScreenPoint) => void>();
  render(<EditorCanvas ref={handle} editor={editor} reference={null} onJointContextMenu={onMenu} />);
  const container = screen.getByTestId('editor-canvas');
  const jointOnScreen = (joint: number) => {
    const [x, y] = editor.state.keypoints[joint]!;
    return toScreen(handle.current!.getViewport(), { x, y });
  };
  const fire = (type: string, at: ScreenPoint, init: MouseEventInit = {}) => {
    const Event = type.startsWith('pointer') ? PointerEvent : MouseEvent;
    const event = new Event(type, { bubbles: true, cancelable: true, clientX: at.x, clientY: at.y, ...init });
    act(() => void container.dispatchEvent(event));
    return event;
  };
  return { editor, handle, onMenu, jointOnScreen, fire };
}

describe('EditorCanvas: context menu', () => {
  it('reports the joint under a right-click with its client position and prevents the browser menu', () => {
    const { editor, onMenu, jointOnScreen, fire } = setup();
    const before = editor.state;
    // A little off the joint's centre: still within the grab radius.
    const at = { x: jointOnScreen(LEFT_WRIST).x + 4, y: jointOnScreen(LEFT_WRIST).y - 3 };
    const event = fire('contextmenu', at, { button: 2 });
    expect(event.defaultPrevented).toBe(true);
    expect(onMenu).toHaveBeenCalledExactlyOnceWith(LEFT_WRIST, at);
    expect(editor.state).toBe(before); // selecting is the page's decision
  });

  it('reports null on empty canvas, after zooming too, and still prevents the browser menu', () => {
    const { handle, onMenu, jointOnScreen, fire } = setup();
    act(() => handle.current!.zoomBy(2));
    const corner = fire('contextmenu', { x: 2, y: 2 }, { button: 2 });
    expect(corner.defaultPrevented).toBe(true);
    expect(onMenu).toHaveBeenLastCalledWith(null, { x: 2, y: 2 });
    fire('contextmenu', jointOnScreen(LEFT_WRIST), { button: 2 });
    expect(onMenu).toHaveBeenLastCalledWith(LEFT_WRIST, jointOnScreen(LEFT_WRIST));
  });

  it('reports nothing while a joint is being dragged (Ctrl+click on macOS)', () => {
    const { editor, onMenu, jointOnScreen, fire } = setup();
    const start = jointOnScreen(LEFT_WRIST);
    fire('pointerdown', start, { button: 0, buttons: 1, ctrlKey: true });
    expect(editor.dragging).toBe(true);
    expect(fire('contextmenu', start, { button: 0, ctrlKey: true }).defaultPrevented).toBe(true);
    expect(onMenu).not.toHaveBeenCalled();
  });
});
