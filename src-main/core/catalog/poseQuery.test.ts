import { describe, expect, it } from 'vitest';
import { countQuery, idsAfterQuery, pageIdsQuery, poseOrder, poseSelection } from './poseQuery';

describe('poseSelection', () => {
  it('selects every pose with no filter', () => {
    expect(poseSelection({})).toEqual({ from: 'poses p', where: '1', params: [], idColumn: 'p.id' });
  });

  it('binds every value as a parameter, in placeholder order', () => {
    const s = poseSelection({
      tags: ["o'hara", 'b'],
      importIds: [3, 4],
      format: 'coco',
      minLabeled: 5,
      maxLabeled: 9,
    });
    expect(s.params).toEqual(["o'hara", 'b', 3, 4, 'coco', 5, 9]);
    expect(s.where).not.toContain("o'hara");
    expect(s.where.match(/\?/g)).toHaveLength(s.params.length);
  });

  it('drives a tag filter from pose_tags and leaves the wide poses table out when it can', () => {
    expect(poseSelection({ tags: ['a'] })).toMatchObject({ from: 'pose_tags pt0', idColumn: 'pt0.pose_id' });
    expect(poseSelection({ tags: ['a'] }, { by: 'id', dir: 'desc' }).from).toBe('pose_tags pt0');
    expect(poseSelection({ tags: ['a'], minLabeled: 3 }).from).toBe(
      'pose_tags pt0 JOIN poses p ON p.id = pt0.pose_id',
    );
    expect(poseSelection({ tags: ['a'] }, { by: 'area', dir: 'asc' }).from).toContain('JOIN poses p');
  });

  it('passes an id selection as one JSON parameter and matches nothing for an empty one', () => {
    expect(poseSelection({ ids: [1, 2, 3] })).toMatchObject({
      where: 'p.id IN (SELECT value FROM json_each(?))',
      params: ['[1,2,3]'],
    });
    expect(poseSelection({ ids: [] }).where).toBe('0');
  });

  it('filters untagged poses with NOT EXISTS', () => {
    expect(poseSelection({ untagged: true }).where).toMatch(/^NOT EXISTS/);
  });
});

describe('queries', () => {
  it('orders ties by id in the same direction so pages are stable', () => {
    expect(poseOrder({ by: 'labeled', dir: 'desc' })).toBe('p.labeled_count DESC, p.id DESC');
    expect(poseOrder({ by: 'id', dir: 'asc' }, 'pt0.pose_id')).toBe('pt0.pose_id ASC');
    expect(poseOrder({ by: 'area', dir: 'asc' })).toBe('p.bbox_area ASC, p.id ASC');
  });

  it('puts limit and offset last, and the keyset bound first', () => {
    expect(pageIdsQuery({ minLabeled: 2 }, { by: 'id', dir: 'asc' }, 300, 100).params).toEqual([2, 100, 300]);
    expect(idsAfterQuery({ tags: ['x'] }, 41, 10)).toEqual({
      sql: 'SELECT pt0.pose_id AS id FROM pose_tags pt0 WHERE pt0.pose_id > ? AND pt0.tag_id = (SELECT id FROM tags WHERE name = ?) ORDER BY pt0.pose_id LIMIT ?',
      params: [41, 'x', 10],
    });
    expect(countQuery({}).sql).toBe('SELECT count(*) AS n FROM poses p WHERE 1');
  });
});
