// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type Konva from 'konva';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { PoseEditor } from '../model/poseEditor';
import type { Keypoint } from '../model/types';
import { fitViewport, toCanvas, toScreen, type Viewport } from '../model/viewport';
import { FIT_PADDING, HIT_PIXELS } from './canvasView';
import { EditorCanvas, type EditorCanvasHandle, type ReferenceImage } from './EditorCanvas';
import { jointColor } from './skeletonStyle';
import { installFakeCanvas, type FakeCanvas } from './testing/fakeCanvas';

const standing = loadPresets()[0]!;
const STAGE = { width: 800, height: 600 };
let fake: FakeCanvas;

beforeEach(() => {
  fake = installFakeCanvas(STAGE.width, STAGE.height);
});
afterEach(() => {
  cleanup();
  fake.restore();
});

function setup(options: { keypoints?: readonly Keypoint[]; reference?: ReferenceImage | null } = {}) {
  const editor = new PoseEditor({
    width: 512,
    height: 512,
    keypoints: options.keypoints ?? standing.keypoints,
  });
  const handle = createRef<EditorCanvasHandle>();
  const onViewportChange = vi.fn<(v: Viewport) => void>();
  const view = render(
    <EditorCanvas
      ref={handle}
      editor={editor}
      reference={options.reference ?? null}
      onViewportChange={onViewportChange}
    />,
  );
  const container = screen.getByTestId('editor-canvas');
  const stage = () => handle.current!.stage()!;
  const node = <T extends Konva.Node = Konva.Shape>(name: string) => stage().findOne<T>(`.${name}`)!;
  const viewport = () => handle.current!.getViewport();
  /** Client coordinates of a canvas point (jsdom's bounding boxes sit at 0, 0). */
  const screenOf = (x: number, y: number) => toScreen(viewport(), { x, y });
  const jointOnScreen = (joint: number) =>
    screenOf(editor.state.keypoints[joint]![0], editor.state.keypoints[joint]![1]);
  const pointer = (type: string, at: { x: number; y: number }, init: PointerEventInit = {}) =>
    act(() => {
      container.dispatchEvent(
        new PointerEvent(type, {
          bubbles: true,
          cancelable: true,
          clientX: at.x,
          clientY: at.y,
          pointerId: 1,
          ...init,
        }),
      );
    });
  return { editor, handle, container, node, viewport, jointOnScreen, pointer, onViewportChange, view };
}

describe('EditorCanvas: layout and drawing', () => {
  it('fits the pose canvas into the container on first layout and scales the hit radius', () => {
    const { editor, viewport, container, onViewportChange } = setup();
    const fitted = fitViewport({ width: 512, height: 512 }, STAGE, FIT_PADDING);
    expect(viewport()).toEqual(fitted);
    expect(Number(container.dataset.zoom)).toBe(fitted.zoom);
    expect(Number(container.dataset.panX)).toBe(fitted.panX);
    expect(editor.hitRadius).toBeCloseTo(HIT_PIXELS / fitted.zoom);
    expect(onViewportChange).toHaveBeenLastCalledWith(fitted);
  });

  it('draws joints at their screen positions, by visibility, with the frame behind', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[7] = [keypoints[7]![0], keypoints[7]![1], 1];
    keypoints[3] = [0, 0, 0];
    const { node, jointOnScreen, viewport } = setup({ keypoints });
    const wrist = node<Konva.Circle>('joint-9');
    expect(wrist.position()).toEqual(jointOnScreen(9));
    expect(wrist.fill()).toBe(jointColor(9));
    expect(wrist.dashEnabled()).toBe(false);
    const elbow = node<Konva.Circle>('joint-7');
    expect(elbow.visible()).toBe(true);
    expect(elbow.dashEnabled()).toBe(true);
    expect(node('joint-3').visible()).toBe(false);
    expect(node('limb-16').visible()).toBe(false); // left eye - left ear
    const frame = node<Konva.Rect>('frame');
    expect([frame.width(), frame.height()]).toEqual([512, 512]);
    expect(frame.getLayer()!.scaleX()).toBe(viewport().zoom);
  });

  it('marks joints outside the canvas', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[10] = [600, 100, 2];
    const { node } = setup({ keypoints });
    expect(node('outside-10').visible()).toBe(true);
    expect(node('outside-9').visible()).toBe(false);
  });
});

describe('EditorCanvas: pointer editing', () => {
  it('drags a joint in canvas coordinates as one undo step and redraws it', () => {
    const { editor, node, viewport, jointOnScreen, pointer, container } = setup();
    const start = jointOnScreen(9);
    const [x0, y0] = editor.state.keypoints[9]!;
    pointer('pointerdown', start, { button: 0, buttons: 1 });
    expect(editor.dragging).toBe(true);
    expect(container.style.cursor).toBe('grabbing');
    pointer('pointermove', { x: start.x + 30, y: start.y }, { buttons: 1 });
    pointer('pointermove', { x: start.x + 60, y: start.y - 40 }, { buttons: 1 });
    expect(node('joint-9').position()).toEqual({ x: start.x + 60, y: start.y - 40 });
    pointer('pointerup', { x: start.x + 60, y: start.y - 40 }, { button: 0 });
    const zoom = viewport().zoom;
    expect(editor.state.keypoints[9]![0]).toBeCloseTo(x0 + 60 / zoom);
    expect(editor.state.keypoints[9]![1]).toBeCloseTo(y0 - 40 / zoom);
    expect(editor.state.selection).toEqual([9]);
    expect(node('ring-9').visible()).toBe(true);
    act(() => editor.undo());
    expect(editor.state.canUndo).toBe(false);
    expect(node('joint-9').position()).toEqual(start);
  });

  it('passes modifiers: Shift adds a joint to the selection', () => {
    const { editor, jointOnScreen, pointer } = setup();
    pointer('pointerdown', jointOnScreen(5), { button: 0 });
    pointer('pointerup', jointOnScreen(5), { button: 0 });
    pointer('pointerdown', jointOnScreen(11), { button: 0, shiftKey: true });
    pointer('pointerup', jointOnScreen(11), { button: 0, shiftKey: true });
    expect(editor.state.selection).toEqual([5, 11]);
  });

  it('finishes a drag whose release it did not see', () => {
    const { editor, jointOnScreen, pointer } = setup();
    pointer('pointerdown', jointOnScreen(9), { button: 0, buttons: 1 });
    pointer('pointermove', { x: 10, y: 10 }, { buttons: 0 });
    expect(editor.dragging).toBe(false);
    expect(editor.state.canUndo).toBe(true);
  });

  it('shows hover with a label and clears it when the pointer leaves', () => {
    const { editor, node, jointOnScreen, pointer, container } = setup();
    pointer('pointermove', jointOnScreen(0));
    expect(editor.state.hover).toBe(0);
    expect(node('ring-0').visible()).toBe(true);
    expect(node<Konva.Label>('hover-label').visible()).toBe(true);
    expect(node<Konva.Label>('hover-label').getText().text()).toBe('Nose');
    expect(container.style.cursor).toBe('move');
    pointer('pointerleave', { x: -5, y: -5 });
    expect(editor.state.hover).toBeNull();
    expect(node('ring-0').visible()).toBe(false);
  });

  it('places an unlabeled joint where the pointer goes down, with a crosshair meanwhile', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[3] = [0, 0, 0];
    const { editor, viewport, pointer, container, node } = setup({ keypoints });
    act(() => editor.startPlacing(3));
    expect(container.style.cursor).toBe('crosshair');
    expect(container.hasAttribute('data-placing')).toBe(true);
    expect(node<Konva.Label>('placing-label').visible()).toBe(true);
    expect(node<Konva.Label>('placing-label').getText().text()).toMatch(/place the left ear/);
    pointer('pointerdown', { x: 400, y: 100 }, { button: 0 });
    pointer('pointerup', { x: 400, y: 100 }, { button: 0 });
    const at = toCanvas(viewport(), { x: 400, y: 100 });
    expect(editor.state.keypoints[3]![0]).toBeCloseTo(at.x);
    expect(editor.state.keypoints[3]![1]).toBeCloseTo(at.y);
    expect(node('joint-3').visible()).toBe(true);
    expect(container.hasAttribute('data-placing')).toBe(false);
  });

  it('redraws the skeleton layer once per drag move and never the back layer', async () => {
    const { handle, jointOnScreen, pointer } = setup();
    const clears = (name: string) => {
      const layer = handle.current!.stage()!.findOne<Konva.Layer>(`.${name}`)!;
      return fake.calls(layer.getNativeCanvasElement()).filter((call) => call.method === 'clearRect').length;
    };
    const frames = () => new Promise((resolveFrames) => setTimeout(resolveFrames, 100));
    await frames(); // the first layout's batched draws
    const start = jointOnScreen(9);
    pointer('pointerdown', start, { button: 0, buttons: 1 });
    const [back, skeleton] = [clears('back'), clears('skeleton')];
    for (let i = 1; i <= 3; i += 1)
      pointer('pointermove', { x: start.x + i * 7, y: start.y }, { buttons: 1 });
    expect(clears('skeleton') - skeleton).toBe(3);
    expect(clears('back')).toBe(back);
    // Nothing left for the next frames either (Konva's auto-draw would schedule a second redraw).
    await frames();
    expect(clears('skeleton') - skeleton).toBe(3);
    expect(clears('back')).toBe(back);
  });

  it('records a User Timing measure per pointer move', () => {
    const { jointOnScreen, pointer } = setup();
    performance.clearMeasures('editor:move');
    const start = jointOnScreen(9);
    pointer('pointerdown', start, { button: 0, buttons: 1 });
    pointer('pointermove', { x: start.x + 5, y: start.y }, { buttons: 1 });
    pointer('pointermove', { x: start.x + 9, y: start.y }, { buttons: 1 });
    const entries = performance.getEntriesByName('editor:move');
    expect(entries).toHaveLength(2);
    expect((entries[1] as PerformanceMeasure).detail).toMatchObject({ dragging: true, drew: true });
  });
});

describe('EditorCanvas: view', () => {
  it('zooms with the wheel about the cursor', () => {
    const { editor, viewport, container, onViewportChange } = setup();
    const before = viewport();
    const cursor = { x: 300, y: 200 };
    const anchor = toCanvas(before, cursor);
    act(() => {
      container.dispatchEvent(
        new WheelEvent('wheel', {
          bubbles: true,
          cancelable: true,
          deltaY: -300,
          clientX: 300,
          clientY: 200,
        }),
      );
    });
    expect(viewport().zoom).toBeCloseTo(before.zoom * 2);
    const after = toCanvas(viewport(), cursor);
    expect(after.x).toBeCloseTo(anchor.x);
    expect(after.y).toBeCloseTo(anchor.y);
    expect(editor.hitRadius).toBeCloseTo(HIT_PIXELS / viewport().zoom);
    expect(onViewportChange).toHaveBeenLastCalledWith(viewport());
  });

  it('pans with Space + drag and with the middle button, leaving the pose alone', () => {
    const { editor, viewport, pointer, container, jointOnScreen } = setup();
    const before = viewport();
    act(() => void fireEvent.keyDown(document.body, { key: ' ' }));
    expect(container.style.cursor).toBe('grab');
    const at = jointOnScreen(9); // even on a joint, Space pans
    pointer('pointerdown', at, { button: 0, buttons: 1 });
    expect(container.style.cursor).toBe('grabbing');
    pointer('pointermove', { x: at.x + 25, y: at.y - 10 }, { buttons: 1 });
    pointer('pointerup', { x: at.x + 25, y: at.y - 10 }, { button: 0 });
    act(() => void fireEvent.keyUp(document.body, { key: ' ' }));
    expect(viewport()).toEqual({ ...before, panX: before.panX + 25, panY: before.panY - 10 });
    pointer('pointerdown', { x: 10, y: 10 }, { button: 1, buttons: 4 });
    pointer('pointermove', { x: 0, y: 30 }, { buttons: 4 });
    pointer('pointerup', { x: 0, y: 30 }, { button: 1 });
    expect(viewport().panX).toBeCloseTo(before.panX + 15);
    expect(viewport().panY).toBeCloseTo(before.panY + 10);
    expect(editor.state.canUndo).toBe(false);
    expect(editor.state.selection).toEqual([]);
    expect(container.style.cursor).toBe('default');
  });

  it('fits again on fitToView and double-click on empty space; zoomBy zooms about the centre', () => {
    const { handle, viewport, container } = setup();
    const fitted = viewport();
    act(() => handle.current!.zoomBy(2));
    expect(viewport().zoom).toBeCloseTo(fitted.zoom * 2);
    const centre = toCanvas(viewport(), { x: 400, y: 300 });
    const centreBefore = toCanvas(fitted, { x: 400, y: 300 });
    expect(centre.x).toBeCloseTo(centreBefore.x);
    act(() => handle.current!.fitToView());
    expect(viewport()).toEqual(fitted);
    act(() => handle.current!.zoomBy(3));
    act(() => void fireEvent.doubleClick(container, { clientX: 2, clientY: 2 }));
    expect(viewport()).toEqual(fitted);
  });

  it('builds a new stage for a new editor and destroys the old one', () => {
    const { view, handle } = setup();
    const first = handle.current!.stage()!;
    const other = new PoseEditor({ width: 300, height: 600, keypoints: standing.keypoints });
    view.rerender(<EditorCanvas ref={handle} editor={other} reference={null} />);
    const second = handle.current!.stage()!;
    expect(second).not.toBe(first);
    expect(first.getLayers()).toHaveLength(0);
    expect(handle.current!.getViewport()).toEqual(
      fitViewport({ width: 300, height: 600 }, STAGE, FIT_PADDING),
    );
    expect(screen.getByTestId('editor-canvas').querySelectorAll('.ed-canvas__stage')).toHaveLength(1);
  });
});

describe('EditorCanvas: reference image', () => {
  it('shows the reference under the skeleton once loaded, at its opacity, loading each url once', () => {
    const created: HTMLImageElement[] = [];
    const RealImage = globalThis.Image;
    vi.stubGlobal(
      'Image',
      class extends RealImage {
        constructor() {
          super();
          created.push(this);
        }
      },
    );
    try {
      const { node, view, handle, editor } = setup({ reference: { url: 'blob:ref', opacity: 0.4 } });
      const image = node<Konva.Image>('reference');
      expect(image.getLayer()!.name()).toBe('back');
      expect(image.visible()).toBe(false);
      expect(created).toHaveLength(1);
      act(() => void created[0]!.dispatchEvent(new Event('load')));
      expect(image.visible()).toBe(true);
      expect(image.opacity()).toBeCloseTo(0.4);
      expect([image.width(), image.height()]).toEqual([512, 512]);
      view.rerender(
        <EditorCanvas ref={handle} editor={editor} reference={{ url: 'blob:ref', opacity: 0.8 }} />,
      );
      expect(image.opacity()).toBeCloseTo(0.8);
      expect(created).toHaveLength(1);
      view.rerender(<EditorCanvas ref={handle} editor={editor} reference={null} />);
      expect(image.visible()).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('ignores a reference that finishes loading after the canvas is gone', () => {
    const created: HTMLImageElement[] = [];
    const RealImage = globalThis.Image;
    vi.stubGlobal(
      'Image',
      class extends RealImage {
        constructor() {
          super();
          created.push(this);
        }
      },
    );
    try {
      const { node, view } = setup({ reference: { url: 'blob:late', opacity: 0.5 } });
      const image = node<Konva.Image>('reference');
      view.unmount();
      act(() => void created[0]!.dispatchEvent(new Event('load')));
      expect(image.visible()).toBe(false);
      expect(image.image()).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
