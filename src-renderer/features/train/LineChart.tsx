/**
 * @file A small SVG line chart (no chart library): one series against the step, with its y range
 * and step range as labels and the latest value in the caption. `data-points` carries how many
 * points are drawn, so tests (and people debugging) can see live points arrive.
 */
import { useId } from 'react';
import { formatCount } from '../../../src-main/core/shared/format';
import { CHART_BOX, chartGeometry, formatTick, type XY } from './model/chart';

export function LineChart({
  title,
  series,
  unit = '',
  testId,
}: {
  title: string;
  series: readonly XY[];
  unit?: string;
  testId: string;
}) {
  const titleId = useId();
  const geometry = chartGeometry(series);
  const box = CHART_BOX;
  const latest = series.length > 0 ? series[series.length - 1]!.y : null;
  const bottom = box.height - box.padBottom;
  const right = box.width - box.padRight;
  return (
    <figure className="train-chart" data-testid={testId} data-points={geometry.points.length}>
      <figcaption className="train-chart__caption" id={titleId}>
        <span>{title}</span>
        <span className="train-chart__latest" data-testid={`${testId}-latest`}>
          {latest === null ? '–' : `${formatTick(latest)}${unit}`}
        </span>
      </figcaption>
      <svg
        className="train-chart__svg"
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={titleId}
      >
        <line className="train-chart__axis" x1={box.padLeft} y1={box.padTop} x2={box.padLeft} y2={bottom} />
        <line className="train-chart__axis" x1={box.padLeft} y1={bottom} x2={right} y2={bottom} />
        {geometry.points.length === 0 ? (
          <text className="train-chart__empty" x={(box.padLeft + right) / 2} y={box.height / 2}>
            no steps yet
          </text>
        ) : (
          <>
            <text className="train-chart__tick" x={box.padLeft - 4} y={box.padTop + 8} textAnchor="end">
              {formatTick(geometry.yMax)}
            </text>
            <text className="train-chart__tick" x={box.padLeft - 4} y={bottom} textAnchor="end">
              {formatTick(geometry.yMin)}
            </text>
            <text className="train-chart__tick" x={box.padLeft} y={box.height - 4}>
              {formatCount(geometry.xMin)}
            </text>
            <text className="train-chart__tick" x={right} y={box.height - 4} textAnchor="end">
              step {formatCount(geometry.xMax)}
            </text>
            <path className="train-chart__line" d={geometry.path} vectorEffect="non-scaling-stroke" />
          </>
        )}
      </svg>
    </figure>
  );
}
