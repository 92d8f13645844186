/**
 * @file The ControlNet-OpenPose condition map of the pose being edited, live: a <canvas> filled
 * with core's renderer output (putImageData). The store is watched directly rather than through
 * React state, and the map is recomputed at most once per animation frame however many moves a
 * drag makes in it, and only when the pose or canvas size changed (not on hover or selection).
 */
import { useEffect, useRef } from 'react';
import type { EditorState } from '../model/editorStore';
import type { PoseEditor } from '../model/poseEditor';
import { DEFAULT_PREVIEW_SIZE, previewChanged, previewInput, previewPixels } from './conditionPreview';
import './editorCanvas.css';

export type ConditionPreviewProps = {
  editor: PoseEditor;
  /** Longer side of the map in pixels (the output size it is rendered at); CSS scales it to fit. */
  maxSize?: number;
};

export const CONDITION_MAP_LABEL = 'ControlNet-OpenPose condition map';

/** Draw the map of `state` into `canvas` (resizing it when the size changed). */
export function drawConditionMap(canvas: HTMLCanvasElement, state: EditorState, maxSize: number): void {
  const input = previewInput(state, maxSize);
  if (canvas.width !== input.width) canvas.width = input.width;
  if (canvas.height !== input.height) canvas.height = input.height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const image = context.createImageData(input.width, input.height);
  image.data.set(previewPixels(input));
  context.putImageData(image, 0, 0);
}

export function ConditionPreview({ editor, maxSize = DEFAULT_PREVIEW_SIZE }: ConditionPreviewProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    let drawn: EditorState = editor.store.getState();
    let frame: number | null = null;
    drawConditionMap(canvas, drawn, maxSize);
    const draw = () => {
      frame = null;
      drawn = editor.store.getState();
      drawConditionMap(canvas, drawn, maxSize);
    };
    const unsubscribe = editor.store.subscribe((state) => {
      if (frame === null && previewChanged(drawn, state)) frame = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [editor, maxSize]);

  return (
    <figure className="ed-preview" data-testid="condition-preview">
      <canvas ref={canvasRef} className="ed-preview__canvas" role="img" aria-label={CONDITION_MAP_LABEL} />
      <figcaption className="ed-preview__caption">{CONDITION_MAP_LABEL}</figcaption>
    </figure>
  );
}
