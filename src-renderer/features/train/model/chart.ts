/**
 * @file Geometry of the Train page's line charts: a series of (x, y) points (non-finite values
 * dropped: a diverged loss is NaN) mapped into an SVG box, with the axis ranges and the path.
 * Also the live series arithmetic: appending `train.metrics` points to what `train.get` returned
 * (one point per step, in step order) and thinning to the same budget the server downsampled to,
 * so a long run never grows the chart without bound. Pure.
 */
import type { MetricPoint } from '../../../../src-main/contract';

export type XY = { x: number; y: number };

export type ChartBox = {
  width: number;
  height: number;
  padLeft: number;
  padRight: number;
  padTop: number;
  padBottom: number;
};

export const CHART_BOX: ChartBox = {
  width: 320,
  height: 140,
  padLeft: 44,
  padRight: 8,
  padTop: 8,
  padBottom: 20,
};

export type ChartGeometry = {
  /** SVG path (`M x y L x y …`), empty without points. */
  path: string;
  /** Drawn points, in the SVG's coordinates. */
  points: XY[];
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
};

/** [min, max] widened when flat, so a constant series draws as a line through the middle. */
function range(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return [min - pad, max + pad];
  }
  return [min, max];
}

const round = (value: number) => Math.round(value * 10) / 10;

export function chartGeometry(series: readonly XY[], box: ChartBox = CHART_BOX): ChartGeometry {
  const finite = series.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length === 0) return { path: '', points: [], xMin: 0, xMax: 0, yMin: 0, yMax: 0 };
  const [xMin, xMax] = range(finite.map((p) => p.x));
  const [yMin, yMax] = range(finite.map((p) => p.y));
  const innerW = box.width - box.padLeft - box.padRight;
  const innerH = box.height - box.padTop - box.padBottom;
  const points = finite.map((p) => ({
    x: round(box.padLeft + ((p.x - xMin) / (xMax - xMin)) * innerW),
    y: round(box.padTop + (1 - (p.y - yMin) / (yMax - yMin)) * innerH),
  }));
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  const single = finite.length === 1;
  return {
    path,
    points,
    xMin: single ? finite[0]!.x : xMin,
    xMax: single ? finite[0]!.x : xMax,
    yMin: single ? finite[0]!.y : yMin,
    yMax: single ? finite[0]!.y : yMax,
  };
}

/**
 * At most `max` points, evenly spread over the series, always keeping the first and the last
 * (the newest step is what the user watches).
 */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  if (max <= 1) return points.slice(-1);
  const stride = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * stride)]!);
}

/** Live points after the fetched series: newer steps only, one per step, thinned to `max`. */
export function mergeMetrics(
  fetched: readonly MetricPoint[],
  live: readonly MetricPoint[],
  max: number,
): MetricPoint[] {
  const last = fetched.length > 0 ? fetched[fetched.length - 1]!.step : -1;
  const newer = new Map<number, MetricPoint>();
  for (const point of live) if (point.step > last) newer.set(point.step, point);
  const appended = [...newer.values()].sort((a, b) => a.step - b.step);
  return thin([...fetched, ...appended], max);
}

/** Append a `train.metrics` batch to the live buffer, keeping it within `max` points. */
export function appendLive(
  live: readonly MetricPoint[],
  points: readonly MetricPoint[],
  max: number,
): MetricPoint[] {
  return thin([...live, ...points], max);
}

/** One metric of the series as chart points (x = step). */
export function seriesOf(points: readonly MetricPoint[], key: 'loss' | 'lr' | 'imagesPerSec'): XY[] {
  return points.map((point) => ({ x: point.step, y: point[key] }));
}

/** A short axis or tick label: 3 significant digits, exponent form for tiny learning rates. */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}
