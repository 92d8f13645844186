import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  REVIEW_STATES,
  countOf,
  isFiltered,
  rangeOf,
  reviewQueryKey,
  setRange,
  sortOptions,
  sortValue,
  toReviewFilter,
  toggleState,
  withoutStates,
} from './filters';
import { blur, landmarks } from './testChecks';

describe('review filters', () => {
  it('sends nothing for the empty filter', () => {
    expect(toReviewFilter(EMPTY_FILTER, [blur])).toEqual({});
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
  });

  it('toggles states in canonical order and drops the part when all four are on', () => {
    let filter = toggleState(EMPTY_FILTER, 'rejected-auto');
    filter = toggleState(filter, 'unreviewed');
    expect(filter.states).toEqual(['unreviewed', 'rejected-auto']);
    expect(toReviewFilter(filter, [])).toEqual({ states: ['unreviewed', 'rejected-auto'] });
    filter = toggleState(toggleState(filter, 'accepted'), 'rejected-hand');
    expect(toReviewFilter(filter, [])).toEqual({});
    expect(toggleState(filter, 'accepted').states).toEqual(['unreviewed', 'rejected-hand', 'rejected-auto']);
  });

  it('sends only the narrowed ends of a range; the whole range removes the check', () => {
    let filter = setRange(EMPTY_FILTER, blur, [0, 250]);
    filter = setRange(filter, landmarks, [0.3, 1]);
    expect(rangeOf(filter, blur)).toEqual([0, 250]);
    expect(toReviewFilter(filter, [blur, landmarks]).scores).toEqual([
      { check: 'blur', max: 250 },
      { check: 'face_landmarks', min: 0.3 },
    ]);
    filter = setRange(filter, blur, [-5, 2000]);
    expect(filter.ranges).toEqual({ face_landmarks: [0.3, 1] });
    expect(rangeOf(filter, blur)).toEqual([0, 1000]);
    // Swapped thumbs are put in order.
    expect(setRange(EMPTY_FILTER, blur, [600, 200]).ranges.blur).toEqual([200, 600]);
    // A check the studio no longer lists is not sent.
    expect(toReviewFilter(filter, [blur]).scores).toBeUndefined();
  });

  it('sends generator, trimmed prompt, tag and run', () => {
    const filter = { ...EMPTY_FILTER, generator: 'mannequin', prompt: '  red hat ', tag: 'keep', runId: 3 };
    expect(toReviewFilter(filter, [])).toEqual({
      generator: 'mannequin',
      promptContains: 'red hat',
      tag: 'keep',
      runId: 3,
    });
    expect(isFiltered(filter)).toBe(true);
    expect(toReviewFilter({ ...EMPTY_FILTER, prompt: '   ' }, [])).toEqual({});
    expect(withoutStates({ states: ['accepted'], runId: 2 })).toEqual({ runId: 2 });
  });

  it('lists sorts per check and direction, and keys queries stably', () => {
    const options = sortOptions([blur]);
    expect(options.map((o) => o.value)).toEqual(['pose', 'blur:worst-first', 'blur:best-first']);
    expect(options[2]?.sort).toEqual({ by: 'blur', dir: 'best-first' });
    expect(sortValue({ by: 'blur', dir: 'worst-first' })).toBe('blur:worst-first');
    expect(sortValue({ by: 'pose', dir: 'best-first' })).toBe('pose');
    const key = reviewQueryKey({ runId: 1 }, { by: 'pose', dir: 'worst-first' });
    expect(key).toBe(reviewQueryKey({ runId: 1 }, { by: 'pose', dir: 'worst-first' }));
    expect(key).not.toBe(reviewQueryKey({ runId: 2 }, { by: 'pose', dir: 'worst-first' }));
  });

  it('reads each state’s count', () => {
    const counts = { unreviewed: 4, accepted: 3, rejectedHand: 2, rejectedAuto: 1 };
    expect(REVIEW_STATES.map((state) => countOf(counts, state))).toEqual([4, 3, 2, 1]);
  });
});
