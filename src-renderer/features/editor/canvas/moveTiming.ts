/**
 * @file User Timing hooks around the canvas's hot path, so a Chromium bench can read what one
 * pointer move costs (issue 6: under 2 ms of model update plus one layer redraw) from the page
 * itself, with no global of ours. Per pointer move that reaches the model:
 *
 *   performance.mark('editor:move:start')   before `editor.pointerMove`
 *   performance.mark('editor:move:model')   after the model (and the store's subscribers) ran
 *   performance.mark('editor:move:end')     after the skeleton layer's synchronous redraw
 *   performance.measure('editor:move', start, end) with detail { modelMs, drawMs, dragging, drew }
 *
 * The three marks are cleared right after the measure; measures are cleared every
 * `MAX_MOVE_MEASURES` so a long session cannot grow the timeline without bound. Read them with a
 * PerformanceObserver ({ type: 'measure' }) or `performance.getEntriesByName('editor:move')`.
 */

export const MOVE_MARK_START = 'editor:move:start';
export const MOVE_MARK_MODEL = 'editor:move:model';
export const MOVE_MARK_END = 'editor:move:end';
export const MOVE_MEASURE = 'editor:move';
export const MAX_MOVE_MEASURES = 10_000;

export type MoveDetail = {
  /** Model update, including the store listener that moves the Konva nodes. */
  modelMs: number;
  /** The skeleton layer's redraw (0 when nothing visible changed). */
  drawMs: number;
  /** A drag was in progress (otherwise the move only updated hover). */
  dragging: boolean;
  drew: boolean;
};

type Perf = Pick<Performance, 'now'> &
  Partial<Pick<Performance, 'mark' | 'measure' | 'clearMarks' | 'clearMeasures'>>;

export type MoveTimer = {
  start(): void;
  model(): void;
  end(dragging: boolean, drew: boolean): void;
};

/** A timer over `perf` (the page's `performance`); silent where User Timing is missing (jsdom). */
export function createMoveTimer(perf: Perf | undefined = globalThis.performance): MoveTimer {
  if (perf === undefined || typeof perf.mark !== 'function' || typeof perf.measure !== 'function')
    return { start: () => undefined, model: () => undefined, end: () => undefined };
  const { mark, measure } = { mark: perf.mark.bind(perf), measure: perf.measure.bind(perf) };
  let t0 = 0;
  let t1 = 0;
  let count = 0;
  return {
    start() {
      t0 = perf.now();
      mark(MOVE_MARK_START);
    },
    model() {
      t1 = perf.now();
      mark(MOVE_MARK_MODEL);
    },
    end(dragging, drew) {
      const t2 = perf.now();
      mark(MOVE_MARK_END);
      const detail: MoveDetail = { modelMs: t1 - t0, drawMs: t2 - t1, dragging, drew };
      measure(MOVE_MEASURE, { start: MOVE_MARK_START, end: MOVE_MARK_END, detail });
      perf.clearMarks?.(MOVE_MARK_START);
      perf.clearMarks?.(MOVE_MARK_MODEL);
      perf.clearMarks?.(MOVE_MARK_END);
      count += 1;
      if (count >= MAX_MOVE_MEASURES) {
        perf.clearMeasures?.(MOVE_MEASURE);
        count = 0;
      }
    },
  };
}
