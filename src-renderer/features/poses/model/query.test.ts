import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  isFiltered,
  parseLabeledBound,
  parseTagChoice,
  queryKey,
  tagChoiceValue,
  toPoseFilter,
} from './query';

describe('library query state', () => {
  it('maps the filter bar to the contract filter', () => {
    expect(toPoseFilter(EMPTY_FILTER)).toEqual({});
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(
      toPoseFilter({
        tag: { kind: 'tag', tag: 'keep' },
        importId: 3,
        minLabeled: 15,
        maxLabeled: 17,
        format: 'coco',
      }),
    ).toEqual({ tags: ['keep'], importIds: [3], minLabeled: 15, maxLabeled: 17, format: 'coco' });
    expect(toPoseFilter({ ...EMPTY_FILTER, tag: { kind: 'untagged' } })).toEqual({ untagged: true });
  });

  it('keys filters by meaning, not by property order', () => {
    const sort = { by: 'id', dir: 'asc' } as const;
    expect(queryKey({ minLabeled: 3, tags: ['a'] }, sort)).toBe(
      queryKey({ tags: ['a'], minLabeled: 3 }, sort),
    );
    expect(queryKey({ minLabeled: 3 }, sort)).not.toBe(queryKey({ minLabeled: 4 }, sort));
    expect(queryKey({}, sort)).not.toBe(queryKey({}, { by: 'id', dir: 'desc' }));
  });

  it('parses keypoint bounds leniently', () => {
    expect([' ', '15', '99', '-2', '3.6', 'x'].map(parseLabeledBound)).toEqual([null, 15, 17, 0, 4, null]);
  });

  it('round-trips tag choices through select values, including tags with colons', () => {
    for (const choice of [{ kind: 'any' }, { kind: 'untagged' }, { kind: 'tag', tag: 'set:a' }] as const) {
      expect(parseTagChoice(tagChoiceValue(choice))).toEqual(choice);
    }
  });
});
