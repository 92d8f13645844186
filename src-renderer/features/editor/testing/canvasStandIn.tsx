/**
 * @file A stand-in for the Konva EditorCanvas in jsdom page tests (Konva draws nothing there):
 * same props and handle, records the editor it shows and the view calls it gets, so a test can
 * drive the editor directly and check Fit/Zoom reached the canvas. Use with
 * `vi.mock('./canvas/EditorCanvas', () => import('./testing/canvasStandIn'))`.
 */
import { forwardRef, useEffect, useImperativeHandle } from 'react';
import type { EditorCanvasHandle, EditorCanvasProps } from '../canvas/EditorCanvas';
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

export const EditorCanvas = forwardRef<EditorCanvasHandle, EditorCanvasProps>(function EditorCanvasStandIn(
  { editor, reference },
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
    />
  );
});
