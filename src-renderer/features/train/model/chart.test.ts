import { describe, expect, it } from 'vitest';
import { CHART_BOX, appendLive, chartGeometry, formatTick, mergeMetrics, thin } from './chart';
import type { MetricPoint } from '../../../../src-main/contract';

const point = (step: number, loss = 1): MetricPoint => ({
  step,
  loss,
  lr: 1e-4,
  gradNorm: 1,
  imagesPerSec: 50,
});

describe('chart geometry', () => {
  it('maps the series onto the plot area, highest value at the top', () => {
    const g = chartGeometry([
      { x: 0, y: 2 },
      { x: 10, y: 0 },
      { x: 5, y: 1 },
    ]);
    const { padLeft, padTop, width, padRight, height, padBottom } = CHART_BOX;
    expect(g.points).toEqual([
      { x: padLeft, y: padTop },
      { x: width - padRight, y: height - padBottom },
      { x: (padLeft + width - padRight) / 2, y: (padTop + height - padBottom) / 2 },
    ]);
    expect(g.path.startsWith(`M${padLeft} ${padTop} L`)).toBe(true);
    expect([g.xMin, g.xMax, g.yMin, g.yMax]).toEqual([0, 10, 0, 2]);
  });

  it('drops non-finite values and draws a flat or single-point series mid-height', () => {
    const g = chartGeometry([
      { x: 1, y: 3 },
      { x: 2, y: Number.NaN },
      { x: 3, y: 3 },
    ]);
    expect(g.points).toHaveLength(2);
    const mid = (CHART_BOX.padTop + CHART_BOX.height - CHART_BOX.padBottom) / 2;
    expect(g.points.map((p) => p.y)).toEqual([mid, mid]);
    const single = chartGeometry([{ x: 7, y: 0.5 }]);
    expect(single.points).toHaveLength(1);
    expect([single.xMin, single.xMax, single.yMin, single.yMax]).toEqual([7, 7, 0.5, 0.5]);
    expect(chartGeometry([]).path).toBe('');
  });

  it('formats ticks to three significant digits, tiny rates in exponent form', () => {
    expect([
      formatTick(2.34567),
      formatTick(0.0005),
      formatTick(0),
      formatTick(1234),
      formatTick(Number.NaN),
    ]).toEqual(['2.35', '5.0e-4', '0', '1230', '–']);
  });
});

describe('live series', () => {
  it('thins evenly to the budget, keeping the first and the newest point', () => {
    const steps = Array.from({ length: 1001 }, (_, i) => i);
    const kept = thin(steps, 11);
    expect(kept).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thin([1, 2, 3], 10)).toEqual([1, 2, 3]);
    expect(thin([1, 2, 3], 1)).toEqual([3]);
  });

  it('appends only steps after the fetched series, once each, in order', () => {
    const fetched = [point(1), point(2), point(3)];
    const live = [point(2, 9), point(5), point(4), point(5, 7)];
    const merged = mergeMetrics(fetched, live, 100);
    expect(merged.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(merged[1]!.loss).toBe(1);
    expect(merged[4]!.loss).toBe(7);
    expect(mergeMetrics([], live, 100).map((p) => p.step)).toEqual([2, 4, 5]);
  });

  it('never grows past the budget however many batches arrive', () => {
    let live: MetricPoint[] = [];
    for (let batch = 0; batch < 50; batch += 1) {
      live = appendLive(
        live,
        Array.from({ length: 20 }, (_, i) => point(batch * 20 + i + 1)),
        100,
      );
    }
    expect(live).toHaveLength(100);
    expect(live[live.length - 1]!.step).toBe(1000);
    expect(mergeMetrics([point(0)], live, 60)).toHaveLength(60);
  });
});
