import { describe, expect, it } from 'vitest';
import {
  countQuery,
  DRIVE_TO_WALK_COST,
  idsAfterQuery,
  pageIdsQuery,
  poseOrder,
  poseSelection,
  tagPlan,
  tagStatsQuery,
} from './poseQuery';

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

  it('walks the poses with one EXISTS per tag when asked to, for a sort other than id only', () => {
    const area = { by: 'area', dir: 'desc' } as const;
    const walk = poseSelection({ tags: ['a', 'b'], minLabeled: 3, ids: [4] }, area, 'walk');
    expect(walk).toMatchObject({ from: 'poses p', idColumn: 'p.id', params: ['a', 'b', '[4]', 3] });
    expect(walk.where).toBe(
      'EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.pose_id = p.id AND pt.tag_id = (SELECT id FROM tags WHERE name = ?)) AND ' +
        'EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.pose_id = p.id AND pt.tag_id = (SELECT id FROM tags WHERE name = ?)) AND ' +
        'p.id IN (SELECT value FROM json_each(?)) AND p.labeled_count >= ?',
    );
    // Id order, no sort (counts), no tags: the plan changes nothing.
    expect(poseSelection({ tags: ['a'] }, { by: 'id', dir: 'asc' }, 'walk')).toEqual(
      poseSelection({ tags: ['a'] }, { by: 'id', dir: 'asc' }),
    );
    expect(poseSelection({ tags: ['a'] }, null, 'walk')).toEqual(poseSelection({ tags: ['a'] }));
    expect(poseSelection({ minLabeled: 2 }, area, 'walk')).toEqual(poseSelection({ minLabeled: 2 }, area));
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

describe('tagPlan', () => {
  const poses = 600_000;

  it('drives without stats', () => {
    expect(tagPlan(undefined, 1)).toBe('drive');
  });

  it('walks when the matches needed are few against the tag: the first pages of a common tag', () => {
    const tenth = { poses, tagged: 60_000, matching: 60_000 };
    expect(tagPlan(tenth, 100)).toBe('walk');
    expect(tagPlan(tenth, 20_000)).toBe('walk');
    // The walk would step over (rows needed) / 10% poses; driving costs DRIVE_TO_WALK_COST per tagged pose.
    expect(tagPlan(tenth, (DRIVE_TO_WALK_COST * 60_000) / 10 + 1)).toBe('drive');
    expect(tagPlan(tenth, 59_900)).toBe('drive');
  });

  it('drives for a rare tag, and when other conditions leave few matches', () => {
    expect(tagPlan({ poses, tagged: 600, matching: 600 }, 100)).toBe('drive');
    expect(tagPlan({ poses, tagged: 60_000, matching: 0 }, 1)).toBe('drive');
    expect(tagPlan({ poses: 0, tagged: 0, matching: 0 }, 1)).toBe('drive');
  });

  it('picks the page query by the rows the page needs', () => {
    const tenth = { poses, tagged: 60_000, matching: 60_000 };
    const area = { by: 'area', dir: 'asc' } as const;
    expect(pageIdsQuery({ tags: ['a'] }, area, 0, 100, tenth).sql).toContain('FROM poses p WHERE EXISTS');
    expect(pageIdsQuery({ tags: ['a'] }, area, 59_900, 100, tenth).sql).toContain('FROM pose_tags pt0 JOIN');
    expect(pageIdsQuery({ tags: ['a'] }, area, 0, 100).sql).toContain('FROM pose_tags pt0 JOIN');
  });
});

describe('tagStatsQuery', () => {
  it('reads the largest id, each tag count (the smallest of several) and the filter count', () => {
    expect(tagStatsQuery({ tags: ['a'], minLabeled: 3 })).toEqual({
      sql:
        'SELECT coalesce((SELECT max(id) FROM poses), 0) AS poses, ' +
        '(SELECT count(*) FROM pose_tags pt WHERE pt.tag_id = (SELECT id FROM tags WHERE name = ?)) AS tagged, ' +
        '(SELECT count(*) FROM pose_tags pt0 JOIN poses p ON p.id = pt0.pose_id WHERE pt0.tag_id = (SELECT id FROM tags WHERE name = ?) AND p.labeled_count >= ?) AS matching',
      params: ['a', 'a', 3],
    });
    const two = tagStatsQuery({ tags: ['a', 'b'] })!;
    expect(two.sql).toMatch(/AS poses, min\(\(SELECT count\(\*\).*\), \(SELECT count\(\*\).*\)\) AS tagged/);
    expect(two.params).toEqual(['a', 'b', 'a', 'b']);
    expect(tagStatsQuery({ minLabeled: 3 })).toBeNull();
  });
});
