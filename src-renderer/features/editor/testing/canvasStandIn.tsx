/**
 * @file A stand-in for the Konva EditorCanvas in jsdom page tests (Konva draws nothing there):
 * same props and handle, records the editor it shows and the view calls it gets, so a test can
 * drive the editor directly and check Fit/Zoom reached the canvas. A `contextmenu` event on it
 * calls `onJointContextMenu` like the real canvas under the identity viewport (client pixels are
 * canvas pixels; `rightClickJoint` fires one on a joint). Use with
 * `vi.mock('./canvas/EditorCanvas', () => import('./testing/canvasStandIn'))`.
 */
import { fireEvent, screen } from '@testing-library/react';
import { forwardRef, useEffect, useImperativeHandle } from 'react';
import type { EditorCanvasHandle, EditorCanvasProps } from '../canvas/EditorCanvas';
import { nearestJoint } from '../model/hitTest';
import type { PoseEditor } from '../model/poseEditor';
import { IDENTITY_VIEWPORT } from '../model/viewport';

export const shown: { editor: PoseEditor | null; fits: number; zooms: number[] } = {
  editor: null,
  fits: 0,
  zooms: [],
};

export function resetShown(): void {
  shown.editor = null;
  shown.fits = 0;
  shown.zooms = [];
}

/** Right-click joint `joint` of the shown editor (or, with null, an empty corner of the canvas). */
export function rightClickJoint(joint: number | null): boolean {
  const point = joint === null ? undefined : shown.editor?.state.keypoints[joint];
  const [clientX, clientY] = point === undefined ? [-1000, -1000] : [point[0], point[1]];
  return fireEvent.contextMenu(screen.getByTestId('editor-canvas'), { clientX, clientY });
}

export const EditorCanvas = forwardRef<EditorCanvasHandle, EditorCanvasProps>(function EditorCanvasStandIn(
  { editor, reference, onJointContextMenu },
  ref,
) {
  useEffect(() => {
    shown.editor = editor;
  }, [editor]);
  useImperativeHandle(
    ref,
    () => ({
      fitToView: () => void (shown.fits += 1),
      zoomBy: (factor: number) => void shown.zooms.push(factor),
      getViewport: () => IDENTITY_VIEWPORT,
      stage: () => null,
    }),
    [],
  );
  return (
    <div
      data-testid="editor-canvas"
      data-width={editor.state.width}
      data-height={editor.state.height}
      data-reference={reference?.url}
      tabIndex={-1}
      onContextMenu={(event) => {
        event.preventDefault();
        const at = { x: event.clientX, y: event.clientY };
        onJointContextMenu?.(nearestJoint(editor.state.keypoints, at, editor.hitRadius), at);
      }}
    />
  );
});
