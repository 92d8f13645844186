import { describe, expect, it } from 'vitest';
import { poseOrder, poseWhere } from './poseQuery';

describe('poseWhere', () => {
  it('is `1` with no filter', () => {
    expect(poseWhere({})).toEqual({ sql: '1', params: [] });
  });

  it('binds every value as a parameter, in clause order', () => {
    const where = poseWhere({
      tags: ["o'hara", 'b'],
      importIds: [3, 4],
      format: 'coco',
      minLabeled: 5,
      maxLabeled: 9,
    });
    expect(where.params).toEqual(["o'hara", 'b', 3, 4, 'coco', 5, 9]);
    expect(where.sql).not.toContain("o'hara");
    expect(where.sql.match(/\?/g)).toHaveLength(where.params.length);
  });

  it('passes an id selection as one JSON parameter and matches nothing for an empty one', () => {
    expect(poseWhere({ ids: [1, 2, 3] })).toEqual({
      sql: 'p.id IN (SELECT value FROM json_each(?))',
      params: ['[1,2,3]'],
    });
    expect(poseWhere({ ids: [] }).sql).toBe('0');
  });

  it('filters untagged poses with NOT EXISTS', () => {
    expect(poseWhere({ untagged: true }).sql).toMatch(/^NOT EXISTS/);
  });
});

describe('poseOrder', () => {
  it('breaks ties by id in the same direction so pages are stable', () => {
    expect(poseOrder({ by: 'labeled', dir: 'desc' })).toBe('p.labeled_count DESC, p.id DESC');
    expect(poseOrder({ by: 'id', dir: 'asc' })).toBe('p.id ASC');
    expect(poseOrder({ by: 'area', dir: 'asc' })).toBe('p.bbox_area ASC, p.id ASC');
  });
});
