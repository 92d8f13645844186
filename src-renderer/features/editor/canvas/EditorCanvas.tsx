/**
 * @file The pose editor's canvas component: a container that fills its parent, with the Konva
 * view (canvasView.ts) inside. React owns the container and the view's lifetime (one per
 * PoseEditor) only; the skeleton is drawn from the store imperatively, so a pointer move never
 * re-renders React. Keyboard commands are the page's job (it forwards keydown to
 * `editor.keyDown`); the canvas only tracks Space for panning.
 *
 * For tests: the container has `data-testid="editor-canvas"` and the current viewport in
 * `data-zoom`, `data-pan-x`, `data-pan-y`; a joint at canvas (x, y) is on screen at
 * (rect.left + x * zoom + panX, rect.top + y * zoom + panY), rect being the container's
 * bounding box. Konva nodes are named `joint-<coco index>` (positions in stage pixels). A
 * right-click calls `onJointContextMenu` with the joint under the pointer (null on empty canvas)
 * and the pointer's client position; the browser's own menu never opens over the canvas.
 */
import type Konva from 'konva';
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { PoseEditor } from '../model/poseEditor';
import { IDENTITY_VIEWPORT, type Viewport } from '../model/viewport';
import type { ReferenceImage } from './backLayer';
import { CanvasView, type ScreenPoint } from './canvasView';
import './editorCanvas.css';

export type { ReferenceImage, ScreenPoint };

export type EditorCanvasProps = {
  editor: PoseEditor;
  /** An image to trace over, drawn under the skeleton and fitted into the pose canvas; opacity 0..1. */
  reference: ReferenceImage | null;
  className?: string;
  /** Called on every zoom, pan, fit and resize (not on pointer moves). */
  onViewportChange?: (viewport: Viewport) => void;
  /** Right-click on the canvas: the labeled joint under the pointer or null, and where (client pixels). */
  onJointContextMenu?: (joint: number | null, screen: ScreenPoint) => void;
};

export type EditorCanvasHandle = {
  /** Show the whole pose canvas, centred; a resize keeps it fitted until the user zooms or pans. */
  fitToView(): void;
  /** Zoom about the centre of the stage (toolbar +/-). */
  zoomBy(factor: number): void;
  getViewport(): Viewport;
  stage(): Konva.Stage | null;
};

export const EditorCanvas = forwardRef<EditorCanvasHandle, EditorCanvasProps>(function EditorCanvas(
  { editor, reference, className, onViewportChange, onJointContextMenu },
  ref,
) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<CanvasView | null>(null);
  // Callbacks live in refs so a new function from the page never rebuilds the view.
  const onViewportRef = useRef(onViewportChange);
  const onContextMenuRef = useRef(onJointContextMenu);

  useLayoutEffect(() => {
    onViewportRef.current = onViewportChange;
    onContextMenuRef.current = onJointContextMenu;
  }, [onViewportChange, onJointContextMenu]);

  useLayoutEffect(() => {
    const container = containerRef.current!;
    const view = new CanvasView(container, editor, {
      onViewportChange: (viewport) => onViewportRef.current?.(viewport),
      onContextMenu: (joint, screen) => onContextMenuRef.current?.(joint, screen),
    });
    viewRef.current = view;
    const measure = () => view.resize(container.clientWidth, container.clientHeight);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(container);
    return () => {
      observer?.disconnect();
      view.destroy();
      viewRef.current = null;
    };
  }, [editor]);

  const url = reference?.url ?? null;
  const opacity = reference?.opacity ?? 1;
  useEffect(() => {
    // `editor` is a dependency because a new editor gets a new view, which needs the reference too.
    viewRef.current?.setReference(url === null ? null : { url, opacity });
  }, [editor, url, opacity]);

  useImperativeHandle(
    ref,
    () => ({
      fitToView: () => viewRef.current?.fit(),
      zoomBy: (factor) => viewRef.current?.zoomBy(factor),
      getViewport: () => viewRef.current?.getViewport() ?? IDENTITY_VIEWPORT,
      stage: () => viewRef.current?.stage ?? null,
    }),
    [],
  );

  return (
    <div
      ref={containerRef}
      className={className ? `ed-canvas ${className}` : 'ed-canvas'}
      data-testid="editor-canvas"
      role="application"
      aria-label="Pose canvas: drag joints to edit, wheel to zoom, Space or middle button to pan"
      tabIndex={-1}
    />
  );
});
