/**
 * @file The editor canvas's imperative core, one per PoseEditor: a Konva stage in a container
 * with two layers (the back layer in canvas coordinates, the skeleton in screen pixels), the
 * viewport, and the DOM listeners that forward pointer events to the model in canvas coordinates.
 *
 * Why imperative: a pointer move must cost the model update plus one layer redraw (issue 6, under
 * 2 ms). The store listener only rewrites node attributes; inside a pointer handler the skeleton
 * layer is then drawn once, synchronously, so the User Timing measure around it (moveTiming.ts)
 * is the real cost; changes from elsewhere (undo, the numeric panel) use `batchDraw`. React
 * renders the container only. Pan and zoom redraw both layers; a drag redraws the skeleton alone.
 *
 * Gestures: primary button edits (Shift/Ctrl/Meta/Alt passed to the model), middle button or
 * Space + primary pans, the wheel zooms about the cursor, double-click on empty space fits. A
 * right-click never shows the browser's menu: it reports the joint under the pointer (or null)
 * to `onContextMenu` and leaves the rest (selection, an in-app menu) to the page.
 */
import Konva from 'konva';
import type { EditorState } from '../model/editorStore';
import { nearestJoint } from '../model/hitTest';
import type { PoseEditor } from '../model/poseEditor';
import {
  IDENTITY_VIEWPORT,
  fitViewport,
  hitRadius,
  panBy,
  zoomAbout,
  type Viewport,
} from '../model/viewport';
import { BackLayer, type ReferenceImage } from './backLayer';
import { createMoveTimer, type MoveTimer } from './moveTiming';
import {
  cursorFor,
  isInteractiveTarget,
  pointerInput,
  stagePoint,
  startsPan,
  wheelZoomFactor,
} from './pointerMapping';
import { SkeletonLayer } from './skeletonLayer';

/** Grab radius of a joint in screen pixels, at every zoom. */
export const HIT_PIXELS = 10;
/** Empty screen pixels around the canvas when fitted. */
export const FIT_PADDING = 24;

/** Where a context menu was asked for, in client (viewport) pixels, like MouseEvent.clientX/Y. */
export type ScreenPoint = { x: number; y: number };

export type CanvasViewOptions = {
  onViewportChange?: (viewport: Viewport) => void;
  /** Right-click (or the context-menu key) on the canvas: the labeled joint under it, or null. */
  onContextMenu?: (joint: number | null, screen: ScreenPoint) => void;
  timer?: MoveTimer;
};

type Pan = { id: number; x: number; y: number; from: Viewport };

export class CanvasView {
  readonly stage: Konva.Stage;
  private readonly host: HTMLDivElement;
  private readonly back: BackLayer;
  private readonly skeleton = new SkeletonLayer();
  private readonly timer: MoveTimer;
  private viewport: Viewport = IDENTITY_VIEWPORT;
  private size = { width: 0, height: 0 };
  /** No zoom or pan by hand since the last fit: a resize fits again. */
  private fitted = true;
  private pan: Pan | null = null;
  private spaceHeld = false;
  /** Inside a pointer handler: store changes mark the layer dirty and the handler draws once. */
  private inHandler = false;
  private dirty = false;
  private rendered: EditorState | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly editor: PoseEditor,
    private readonly options: CanvasViewOptions = {},
  ) {
    this.timer = options.timer ?? createMoveTimer();
    this.host = document.createElement('div');
    this.host.className = 'ed-canvas__stage';
    container.appendChild(this.host);
    this.stage = new Konva.Stage({ container: this.host, width: 1, height: 1, listening: false });
    const { width, height } = editor.state;
    this.back = new BackLayer(width, height);
    this.stage.add(this.back.layer, this.skeleton.layer);
    this.cleanups.push(editor.store.subscribe((state) => this.onState(state)));
    this.listen(container, 'pointerdown', this.onPointerDown);
    this.listen(container, 'pointermove', this.onPointerMove);
    this.listen(container, 'pointerup', this.onPointerUp);
    this.listen(container, 'pointercancel', this.onPointerCancel);
    this.listen(container, 'pointerleave', this.onPointerLeave);
    this.listen(container, 'wheel', this.onWheel, { passive: false });
    this.listen(container, 'dblclick', this.onDoubleClick);
    this.listen(container, 'contextmenu', this.onContextMenu);
    this.listen(window, 'keydown', this.onKeyDown);
    this.listen(window, 'keyup', this.onKeyUp);
    this.listen(window, 'blur', this.onBlur);
    this.setViewport(IDENTITY_VIEWPORT, false);
  }

  getViewport(): Viewport {
    return this.viewport;
  }

  /** The stage's size in CSS pixels (the container's); the first non-zero size fits the canvas. */
  resize(width: number, height: number): void {
    if (width === this.size.width && height === this.size.height) return;
    this.size = { width, height };
    this.stage.size({ width: Math.max(1, width), height: Math.max(1, height) });
    if (this.fitted) this.fit();
    else this.setViewport(this.viewport, false);
  }

  /** Show the whole pose canvas, centred. */
  fit(): void {
    this.fitted = true;
    if (this.size.width <= 0 || this.size.height <= 0) return;
    const { width, height } = this.editor.state;
    this.setViewport(fitViewport({ width, height }, this.size, FIT_PADDING), false);
  }

  /** Zoom by `factor` about the stage's centre (toolbar buttons). */
  zoomBy(factor: number): void {
    const centre = { x: this.size.width / 2, y: this.size.height / 2 };
    this.setViewport(zoomAbout(this.viewport, centre, factor), true);
  }

  setReference(reference: ReferenceImage | null): void {
    this.back.setReference(reference);
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.back.destroy();
    this.skeleton.destroy();
    this.stage.destroy();
    this.host.remove();
  }

  // ---- rendering ------------------------------------------------------------------------------

  private setViewport(viewport: Viewport, byHand: boolean): void {
    this.viewport = viewport;
    if (byHand) this.fitted = false;
    this.editor.hitRadius = hitRadius(viewport, HIT_PIXELS);
    this.back.setViewport(viewport);
    this.render(this.editor.state);
    const data = this.container.dataset;
    data.zoom = String(viewport.zoom);
    data.panX = String(viewport.panX);
    data.panY = String(viewport.panY);
    this.options.onViewportChange?.(viewport);
  }

  private onState(state: EditorState): void {
    const last = this.rendered;
    const changed =
      last === null ||
      last.keypoints !== state.keypoints ||
      last.selection !== state.selection ||
      last.hover !== state.hover ||
      last.placing !== state.placing;
    if (changed) this.render(state);
    else this.updateCursor();
  }

  private render(state: EditorState): void {
    this.rendered = state;
    this.skeleton.update(state, this.viewport);
    this.updateCursor();
    if (this.inHandler) this.dirty = true;
    else this.skeleton.layer.batchDraw();
  }

  /**
   * Run a model call from a pointer handler: store changes only mark the skeleton layer dirty.
   * Konva's auto-draw is off meanwhile: each attribute change would otherwise schedule a second,
   * identical redraw of the layer on the next frame after the handler's own synchronous one.
   */
  private batch(call: () => void): void {
    const autoDraw = Konva.autoDrawEnabled;
    Konva.autoDrawEnabled = false;
    this.inHandler = true;
    try {
      call();
    } finally {
      this.inHandler = false;
      Konva.autoDrawEnabled = autoDraw;
    }
  }

  /** Draw the skeleton layer now if the handler changed it; returns whether it drew. */
  private flush(): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    this.skeleton.layer.draw();
    return true;
  }

  private handle(call: () => void): void {
    this.batch(call);
    this.flush();
  }

  private updateCursor(): void {
    const state = this.editor.state;
    const cursor = cursorFor({
      panning: this.pan !== null,
      spaceHeld: this.spaceHeld,
      placing: state.placing !== null,
      dragging: this.editor.dragging,
      hovering: state.hover !== null,
    });
    if (this.container.style.cursor !== cursor) this.container.style.cursor = cursor;
    this.container.toggleAttribute('data-placing', state.placing !== null);
  }

  // ---- events ---------------------------------------------------------------------------------

  private listen<E extends Event>(
    target: EventTarget,
    type: string,
    handler: (event: E) => void,
    options?: AddEventListenerOptions,
  ): void {
    const listener = handler as EventListener;
    target.addEventListener(type, listener, options);
    this.cleanups.push(() => target.removeEventListener(type, listener, options));
  }

  private origin(): { left: number; top: number } {
    return this.stage.container().getBoundingClientRect();
  }

  private capture(event: PointerEvent): void {
    // Keep receiving moves when the pointer leaves the stage mid-drag (absent in jsdom).
    this.container.setPointerCapture?.(event.pointerId);
  }

  private onPointerDown = (event: PointerEvent): void => {
    if (this.pan !== null) return;
    if (startsPan(event.button, this.spaceHeld)) {
      event.preventDefault();
      this.pan = { id: event.pointerId, x: event.clientX, y: event.clientY, from: this.viewport };
      this.capture(event);
      this.updateCursor();
      return;
    }
    if (event.button !== 0) return;
    // Focus first, so an input elsewhere (the numeric panel) commits its edit before the drag opens.
    this.container.focus({ preventScroll: true });
    event.preventDefault();
    this.capture(event);
    const { point, modifiers } = pointerInput(event, this.origin(), this.viewport);
    this.handle(() => this.editor.pointerDown(point, modifiers));
  };

  private onPointerMove = (event: PointerEvent): void => {
    if (this.pan !== null) {
      if (event.pointerId !== this.pan.id) return;
      const { from, x, y } = this.pan;
      this.setViewport(panBy(from, event.clientX - x, event.clientY - y), true);
      return;
    }
    const { point } = pointerInput(event, this.origin(), this.viewport);
    const dragging = this.editor.dragging;
    if (dragging && (event.buttons & 1) === 0) {
      // The release happened where we could not see it (no capture): finish the drag here.
      this.handle(() => this.editor.pointerUp(point));
      return;
    }
    this.timer.start();
    this.batch(() => this.editor.pointerMove(point));
    this.timer.model();
    const drew = this.flush();
    this.timer.end(dragging, drew);
  };

  private onPointerUp = (event: PointerEvent): void => {
    if (this.pan !== null) {
      if (event.pointerId === this.pan.id) this.endPan(event);
      return;
    }
    if (event.button !== 0) return;
    const { point } = pointerInput(event, this.origin(), this.viewport);
    this.handle(() => this.editor.pointerUp(point));
    this.container.releasePointerCapture?.(event.pointerId);
  };

  private onPointerCancel = (event: PointerEvent): void => {
    if (this.pan !== null) this.endPan(event);
    else this.handle(() => this.editor.cancelDrag());
  };

  private endPan(event: PointerEvent): void {
    this.pan = null;
    this.container.releasePointerCapture?.(event.pointerId);
    this.updateCursor();
  }

  private onPointerLeave = (): void => {
    if (!this.editor.dragging && this.editor.state.hover !== null) this.editor.store.patch({ hover: null });
  };

  private onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const anchor = stagePoint(event, this.origin());
    this.setViewport(zoomAbout(this.viewport, anchor, wheelZoomFactor(event.deltaY, event.deltaMode)), true);
  };

  private onDoubleClick = (event: MouseEvent): void => {
    const { keypoints, placing } = this.editor.state;
    if (placing !== null) return;
    const { point } = pointerInput(event, this.origin(), this.viewport);
    if (nearestJoint(keypoints, point, this.editor.hitRadius) === null) this.fit();
  };

  private onContextMenu = (event: MouseEvent): void => {
    event.preventDefault(); // the browser's menu has nothing for a canvas
    // Mid-gesture (a Ctrl+click drag on macOS, a middle-button pan) there is no single target.
    if (this.pan !== null || this.editor.dragging) return;
    const { point } = pointerInput(event, this.origin(), this.viewport);
    const joint = nearestJoint(this.editor.state.keypoints, point, this.editor.hitRadius);
    this.options.onContextMenu?.(joint, { x: event.clientX, y: event.clientY });
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== ' ' || isInteractiveTarget(event.target)) return;
    event.preventDefault(); // Space would scroll the page
    if (this.spaceHeld) return;
    this.spaceHeld = true;
    this.updateCursor();
  };

  private onKeyUp = (event: KeyboardEvent): void => {
    if (event.key === ' ') this.onBlur();
  };

  private onBlur = (): void => {
    if (!this.spaceHeld) return;
    this.spaceHeld = false;
    this.updateCursor();
  };
}
