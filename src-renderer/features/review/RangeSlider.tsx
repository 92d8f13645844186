/**
 * @file A two-thumb range slider for one check's scores (two native range inputs over one track,
 * so each thumb keeps the keyboard and accessibility of a native slider). Dragging shows a local
 * draft at once and commits it to the filter 200 ms after the last move (at once on release), so
 * a drag is one grid query, not one per pixel.
 */
import { useState } from 'react';
import type { CheckInfo } from '../../../src-main/contract';
import { formatScore, stepFor } from './model/rules';
import { useDebouncedCallback } from './useDebounced';

type Range = readonly [number, number];

export function RangeSlider({
  check,
  value,
  onChange,
}: {
  check: CheckInfo;
  value: Range;
  onChange: (range: Range) => void;
}) {
  const [draft, setDraft] = useState<{ from: Range; value: Range } | null>(null);
  const shown =
    draft !== null && draft.from[0] === value[0] && draft.from[1] === value[1] ? draft.value : value;
  // The draft ends with the commit, so a later outside change (Clear) is never masked by it.
  const commit = useDebouncedCallback((next: Range) => {
    setDraft(null);
    onChange(next);
  }, 200);
  const span = check.max - check.min || 1;
  const percent = (x: number) => ((Math.min(check.max, Math.max(check.min, x)) - check.min) / span) * 100;
  const set = (end: 0 | 1, raw: number) => {
    if (!Number.isFinite(raw)) return;
    const next: Range = end === 0 ? [Math.min(raw, shown[1]), shown[1]] : [shown[0], Math.max(raw, shown[0])];
    setDraft({ from: value, value: next });
    commit.call(next);
  };
  const narrowed = shown[0] > check.min || shown[1] < check.max;
  return (
    <div
      className={`review-range${narrowed ? ' review-range--on' : ''}`}
      data-testid={`review-range-${check.id}`}
    >
      <div className="review-range__label">
        <span title={check.description}>{check.label}</span>
        <span className="mono small" data-testid={`review-range-${check.id}-text`}>
          {formatScore(shown[0])} – {formatScore(shown[1])}
          {check.unit && ` ${check.unit}`}
        </span>
      </div>
      <div className="review-range__track">
        <div
          className="review-range__fill"
          style={{ left: `${percent(shown[0])}%`, right: `${100 - percent(shown[1])}%` }}
        />
        {([0, 1] as const).map((end) => (
          <input
            key={end}
            type="range"
            className="review-range__input"
            min={check.min}
            max={check.max}
            step={stepFor(check)}
            value={shown[end]}
            onChange={(event) => set(end, Number(event.target.value))}
            onPointerUp={commit.flush}
            onBlur={commit.flush}
            aria-label={`${check.label} ${end === 0 ? 'minimum' : 'maximum'}`}
            data-testid={`review-range-${check.id}-${end === 0 ? 'min' : 'max'}`}
          />
        ))}
      </div>
    </div>
  );
}
