import { describe, expect, it } from 'vitest';
import type { PoseFilter } from '../../contract';
import { memberQuery, neighborQuery, positionQuery, sortKeyQuery } from './neighborQuery';

const placeholders = (sql: string) => sql.match(/\?/g)?.length ?? 0;

describe('neighborQuery', () => {
  it('steps by id alone for the id sort: below the id ascending for prev, above it descending', () => {
    const key = { value: 40, id: 40 };
    expect(neighborQuery({}, { by: 'id', dir: 'asc' }, 'prev', key)).toEqual({
      sql: 'SELECT p.id AS id FROM poses p WHERE 1 AND p.id < ? ORDER BY p.id DESC LIMIT 1',
      params: [40],
    });
    expect(neighborQuery({}, { by: 'id', dir: 'asc' }, 'next', key).sql).toContain(
      'p.id > ? ORDER BY p.id ASC',
    );
    expect(neighborQuery({}, { by: 'id', dir: 'desc' }, 'prev', key).sql).toContain(
      'p.id > ? ORDER BY p.id ASC',
    );
    expect(neighborQuery({}, { by: 'id', dir: 'desc' }, 'next', key).sql).toContain(
      'p.id < ? ORDER BY p.id DESC',
    );
  });

  it('seeks the ties past the id first, then the rows past the value, only when no tie is left', () => {
    const q = neighborQuery({}, { by: 'labeled', dir: 'desc' }, 'next', { value: 9, id: 12 });
    const tie = q.sql.indexOf('p.labeled_count = ? AND p.id < ?');
    const beyond = q.sql.indexOf('p.labeled_count < ? ORDER BY p.labeled_count DESC, p.id DESC');
    expect(tie).toBeGreaterThan(0);
    expect(beyond).toBeGreaterThan(tie);
    expect(q.sql).toMatch(/^SELECT coalesce\(\(SELECT .* LIMIT 1\), \(SELECT .* LIMIT 1\)\) AS id$/);
    expect(q.params).toEqual([9, 12, 9]);
  });

  it("walks the sort's index with EXISTS when the tag's stats favour it, and drives otherwise", () => {
    const key = { value: 1234.5, id: 77 };
    const area = { by: 'area', dir: 'asc' } as const;
    const dense = { poses: 100_000, tagged: 10_000, matching: 10_000 };
    const walked = neighborQuery({ tags: ['a'] }, area, 'next', key, dense);
    expect(walked.sql).toContain(
      'FROM poses p WHERE EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.pose_id = p.id',
    );
    expect(walked.sql).toContain('p.bbox_area = ? AND p.id > ?');
    expect(walked.params).toEqual(['a', 1234.5, 77, 'a', 1234.5]);
    // Rare tag, or no stats: from pose_tags.
    const rare = { poses: 100_000, tagged: 100, matching: 100 };
    expect(neighborQuery({ tags: ['a'] }, area, 'next', key, rare).sql).toContain(
      'pose_tags pt0 JOIN poses p',
    );
    expect(neighborQuery({ tags: ['a'] }, area, 'next', key).sql).toContain('pose_tags pt0 JOIN poses p');
    // A position walks every pose before the key: a 10% tag still drives, a 20% one walks.
    expect(positionQuery({ tags: ['a'] }, area, key, dense).sql).toContain('pose_tags pt0 JOIN poses p');
    const common = { poses: 100_000, tagged: 20_000, matching: 20_000 };
    expect(positionQuery({ tags: ['a'] }, area, key, common).sql).toContain('FROM poses p WHERE EXISTS');
  });

  it('binds every filter value and key part, in placeholder order, with the filter first', () => {
    const filter: PoseFilter = { tags: ["o'hara"], format: 'coco', minLabeled: 4, ids: [3, 9] };
    const key = { value: 1234.5, id: 77 };
    for (const q of [
      neighborQuery(filter, { by: 'area', dir: 'asc' }, 'prev', key),
      positionQuery(filter, { by: 'created', dir: 'desc' }, key),
      memberQuery(filter, 77),
    ]) {
      expect(q.sql).not.toMatch(/o'hara|coco|1234|77/);
      expect(placeholders(q.sql)).toBe(q.params.length);
    }
    const prev = neighborQuery(filter, { by: 'area', dir: 'asc' }, 'prev', key);
    expect(prev.params).toEqual([
      "o'hara",
      '[3,9]',
      'coco',
      4,
      1234.5,
      77,
      "o'hara",
      '[3,9]',
      'coco',
      4,
      1234.5,
    ]);
    expect(prev.sql).toContain('pose_tags pt0 JOIN poses p');
    expect(prev.sql).toContain('p.bbox_area = ? AND pt0.pose_id < ?');
  });
});

describe('positionQuery and friends', () => {
  it("counts the rows before the key in the sort's direction", () => {
    expect(positionQuery({}, { by: 'id', dir: 'desc' }, { value: 5, id: 5 })).toEqual({
      sql: 'SELECT (SELECT count(*) FROM poses p WHERE 1 AND p.id > ?) AS n',
      params: [5],
    });
    expect(positionQuery({}, { by: 'updated', dir: 'asc' }, { value: 1000, id: 5 })).toEqual({
      sql:
        'SELECT (SELECT count(*) FROM poses p WHERE 1 AND p.updated_at < ?) + ' +
        '(SELECT count(*) FROM poses p WHERE 1 AND p.updated_at = ? AND p.id < ?) AS n',
      params: [1000, 1000, 5],
    });
  });

  it('reads the sort value of one pose and tests membership by id', () => {
    expect(sortKeyQuery({ by: 'area', dir: 'asc' }, 8)).toEqual({
      sql: 'SELECT p.bbox_area AS value FROM poses p WHERE p.id = ?',
      params: [8],
    });
    expect(memberQuery({ tags: ['a'] }, 8)).toEqual({
      sql: 'SELECT 1 AS hit FROM pose_tags pt0 WHERE pt0.tag_id = (SELECT id FROM tags WHERE name = ?) AND pt0.pose_id = ? LIMIT 1',
      params: ['a', 8],
    });
  });
});
