/**
 * The two plans of a tag filter under a sort other than id (`TagPlan` in poseQuery.ts) on a real
 * SQLite catalog: walking the sort's index with EXISTS gives exactly the pages, neighbours and
 * positions that driving from `pose_tags` gives (itself checked against `poses.list` by brute force
 * in node/poseNeighbors.test.ts), for tags of every size, tags crossed with other conditions, ties
 * in every sort column, and poses outside the filter; the walk seeks the sort's covering index
 * without sorting; and `tagStatsQuery` counts what `tagPlan` is fed.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Keypoint, PoseFilter, PoseSort } from '../../contract';
import { loadPresets } from '../pose/presets';
import { neighborQuery, positionQuery, sortKeyQuery } from './neighborQuery';
import { migrate } from './node/migrations/registry';
import { prepareInsert } from './node/posesRepo';
import { setTags } from './node/tagsRepo';
import {
  pageIdsQuery,
  sortColumns,
  tagPlan,
  tagStatsQuery,
  type SqlFragment,
  type TagStats,
} from './poseQuery';

const COUNT = 120;
const presets = loadPresets();

/** Pose i: one of 4 presets with 0-3 joints unlabeled (few distinct areas and counts: many ties). */
function keypointsOf(i: number): Keypoint[] {
  const dropped = i % 4;
  return presets[i % 4]!.keypoints.map((p, j): Keypoint => (j < dropped ? [0, 0, 0] : p));
}

function seed(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const insert = prepareInsert(db);
  db.transaction(() => {
    for (let i = 0; i < COUNT; i += 1) {
      const format = i % 3 === 0 ? 'editor' : 'coco';
      const source = { format, file: null, record: null, image: null } as const;
      const id = insert(
        { width: 512, height: 512, keypoints: keypointsOf(i), box: null, source },
        null,
        i % 7,
      );
      const tags = [
        ...(i % 2 === 0 ? ['even'] : []),
        ...(i % 10 === 3 ? ['tenth'] : []),
        ...(i === 17 || i === 90 ? ['rare'] : []),
      ];
      setTags(db, id, tags, 100 + ((i * 3) % 5)); // updated_at in 5 values: ties there too
    }
  })();
  return db;
}

const db = seed();
/** Stats under which every query walks. */
const WALK: TagStats = { poses: 1, tagged: 1e6, matching: 1e6 };

function all(query: SqlFragment): unknown[] {
  return db.prepare(query.sql).all(...query.params);
}

const filters: PoseFilter[] = [
  { tags: ['even'] },
  { tags: ['tenth'] },
  { tags: ['rare'] },
  { tags: ['even', 'tenth'] },
  { tags: ['tenth', 'even'] },
  { tags: ['even'], minLabeled: 15 },
  { tags: ['tenth'], format: 'editor', maxLabeled: 16 },
  { tags: ['even'], ids: [2, 5, 9, 31, 33, 64, 100] },
  { tags: ['missing'] },
];
const sorts: PoseSort[] = Object.keys(sortColumns).flatMap((by) =>
  (['asc', 'desc'] as const).map((dir) => ({ by: by as PoseSort['by'], dir })),
);
const cases = sorts.map((sort) => [`${sort.by} ${sort.dir}`, sort] as const);

describe('walking the sort index with EXISTS', () => {
  it('is what the stats used here choose', () => {
    expect(tagPlan(WALK, COUNT)).toBe('walk');
    expect(pageIdsQuery({ tags: ['even'] }, { by: 'area', dir: 'asc' }, 0, 10, WALK).sql).toContain('EXISTS');
  });

  it.each(cases)('gives the pages that driving from pose_tags gives, sorted by %s', (_, sort) => {
    for (const filter of filters) {
      for (const [offset, limit] of [
        [0, COUNT],
        [0, 7],
        [5, 7],
        [40, 3],
        [COUNT, 5],
      ] as const) {
        const walked = all(pageIdsQuery(filter, sort, offset, limit, WALK));
        expect(walked, `${JSON.stringify(filter)} ${offset}+${limit}`).toEqual(
          all(pageIdsQuery(filter, sort, offset, limit)),
        );
      }
    }
  });

  it.each(cases)('gives the neighbours and positions that driving gives, sorted by %s', (_, sort) => {
    const get = (query: SqlFragment) => db.prepare(query.sql).get(...query.params);
    for (const filter of filters) {
      for (let id = 1; id <= COUNT; id += 1) {
        const key = { value: (get(sortKeyQuery(sort, id)) as { value: number }).value, id };
        const at = `pose ${id}, ${JSON.stringify(filter)}`;
        for (const side of ['prev', 'next'] as const) {
          const walked = get(neighborQuery(filter, sort, side, key, WALK));
          expect(walked, `${side} of ${at}`).toEqual(get(neighborQuery(filter, sort, side, key)));
        }
        expect(get(positionQuery(filter, sort, key, WALK)), at).toEqual(
          get(positionQuery(filter, sort, key)),
        );
      }
    }
  });

  it("steps along the sort's covering index in order instead of sorting the tagged poses", () => {
    const plan = (query: SqlFragment) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    const area = { by: 'area', dir: 'desc' } as const;
    const walked = plan(pageIdsQuery({ tags: ['even'] }, area, 0, 10, WALK));
    expect(walked).toMatch(/^SCAN p USING COVERING INDEX poses_by_area/);
    expect(walked).not.toContain('TEMP B-TREE');
    expect(plan(pageIdsQuery({ tags: ['even'] }, area, 0, 10))).toContain('USE TEMP B-TREE FOR ORDER BY');
    const next = plan(
      neighborQuery({ tags: ['even'] }, { by: 'labeled', dir: 'asc' }, 'next', { value: 15, id: 9 }, WALK),
    );
    expect(next).toContain('COVERING INDEX poses_by_labeled (labeled_count=? AND id>?)');
    expect(next).toContain('COVERING INDEX poses_by_labeled (labeled_count>?)');
  });
});

describe('tagStatsQuery', () => {
  const stats = (filter: PoseFilter) => {
    const query = tagStatsQuery(filter);
    return query === null ? null : db.prepare(query.sql).get(...query.params);
  };

  it("counts the catalog's largest id, the rarest tag's poses and the poses matching the filter", () => {
    expect(stats({ tags: ['even'] })).toEqual({ poses: COUNT, tagged: COUNT / 2, matching: COUNT / 2 });
    // 'tenth' poses are odd: none is also 'even'.
    expect(stats({ tags: ['even', 'tenth'] })).toEqual({ poses: COUNT, tagged: COUNT / 10, matching: 0 });
    const editor = (
      all({ sql: "SELECT id FROM poses WHERE format = 'editor' AND id % 2 = 1", params: [] }) as []
    ).length;
    expect(stats({ tags: ['even'], format: 'editor' })).toEqual({
      poses: COUNT,
      tagged: COUNT / 2,
      matching: editor,
    });
    expect(stats({ tags: ['missing', 'even'] })).toEqual({ poses: COUNT, tagged: 0, matching: 0 });
  });

  it('is null without tags', () => {
    expect(stats({ minLabeled: 3 })).toBeNull();
  });
});
