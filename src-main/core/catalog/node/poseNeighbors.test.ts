/**
 * `poses.neighbors` on a seeded catalog, against the order `listPoses` (poses.list) gives, brute
 * force: for every sort key in both directions, over filters of each kind and with many ties in
 * every sort column, each pose's prev, next and index are its neighbours and offset in the listed
 * order; a pose outside the filter gets the poses either side of where its key would sit. The
 * query plans seek the sort's own index.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Keypoint, PoseFilter, PoseSort } from '../../../contract';
import { loadPresets } from '../../pose/presets';
import { neighborQuery, positionQuery } from '../neighborQuery';
import { sortColumns } from '../poseQuery';
import { createImport } from './importsRepo';
import { migrate } from './migrations/registry';
import { findPoseNeighbors } from './poseNeighbors';
import { listPoses, prepareInsert } from './posesRepo';
import { setTags } from './tagsRepo';

const COUNT = 160;
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
  const imports = [1, 2].map((n) =>
    createImport(db, { file: `${n}.json`, sha256: `${n}`, format: 'coco', options: {} }, 1),
  );
  const insert = prepareInsert(db);
  db.transaction(() => {
    for (let i = 0; i < COUNT; i += 1) {
      const importId = i % 3 === 0 ? null : imports[i % 2]!;
      const format = importId === null ? 'editor' : 'coco';
      const source = { format, file: null, record: null, image: null } as const;
      // created_at in 7 values, updated_at in 5 (through a tag write), so both sorts have ties.
      const id = insert(
        { width: 512, height: 512, keypoints: keypointsOf(i), box: null, source },
        importId,
        i % 7,
      );
      const tags = [...(i % 2 === 0 ? ['even'] : []), ...(i % 3 === 0 ? ['third'] : [])];
      setTags(db, id, tags, 100 + ((i * 3) % 5));
    }
  })();
  return db;
}

const db = seed();
const sortValues = new Map(
  (
    db.prepare(`SELECT p.*, ${Object.values(sortColumns).join(', ')} FROM poses p`).all() as Record<
      string,
      number
    >[]
  ).map((row) => [row.id!, row]),
);

/** The (value, id) key of a pose in a sort, from its raw row, for placing poses outside a filter. */
function compareKeys(sort: PoseSort, a: number, b: number): number {
  const column = sortColumns[sort.by].slice(2); // 'p.labeled_count' -> 'labeled_count'
  const ra = sortValues.get(a)!;
  const rb = sortValues.get(b)!;
  const cmp = ra[column]! - rb[column]! || a - b;
  return sort.dir === 'asc' ? cmp : -cmp;
}

const filters: PoseFilter[] = [
  {},
  { tags: ['even'] },
  { tags: ['even', 'third'] },
  { untagged: true },
  { importIds: [1] },
  { format: 'editor', minLabeled: 15 },
  { tags: ['third'], maxLabeled: 16 },
  { ids: [5, 9, 17, 33, 64, 65, 66, 100, 150] },
  { ids: [] },
];
const sorts: PoseSort[] = Object.keys(sortColumns).flatMap((by) =>
  (['asc', 'desc'] as const).map((dir) => ({ by: by as PoseSort['by'], dir })),
);

describe('findPoseNeighbors', () => {
  it('has ties in every sort column of the seeded catalog', () => {
    for (const sort of sorts.filter((s) => s.by !== 'id')) {
      const column = sortColumns[sort.by].slice(2);
      const distinct = new Set([...sortValues.values()].map((row) => row[column]));
      expect(distinct.size).toBeGreaterThan(1);
      expect(distinct.size).toBeLessThan(COUNT / 10);
    }
  });

  it.each(sorts.map((sort) => [`${sort.by} ${sort.dir}`, sort] as const))(
    'matches the poses.list order, sorted by %s, for every pose and filter',
    (_, sort) => {
      for (const filter of filters) {
        const order = listPoses(db, filter, sort, 0, COUNT).items.map((pose) => pose.id);
        const inOrder = new Set(order);
        for (let id = 1; id <= COUNT; id += 1) {
          const found = findPoseNeighbors(db, id, filter, sort);
          const at = order.indexOf(id);
          // Outside the filter: where its key would be inserted into the listed order.
          const place = inOrder.has(id)
            ? at
            : order.filter((other) => compareKeys(sort, other, id) < 0).length;
          const expected = {
            prev: order[place - 1] ?? null,
            next: order[inOrder.has(id) ? place + 1 : place] ?? null,
            index: inOrder.has(id) ? at : null,
            total: order.length,
          };
          expect(found, `pose ${id}, filter ${JSON.stringify(filter)}`).toEqual(expected);
        }
      }
    },
  );

  it('refuses a pose that does not exist', () => {
    expect(() => findPoseNeighbors(db, COUNT + 1, {}, { by: 'id', dir: 'asc' })).toThrow(/does not exist/);
  });

  it("seeks the sort's own (column, id) index for the ties and for the rows past the value", () => {
    const plan = (q: { sql: string; params: unknown[] }) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    const key = { value: 14, id: 50 };
    const next = plan(neighborQuery({}, { by: 'labeled', dir: 'asc' }, 'next', key));
    expect(next).toContain('COVERING INDEX poses_by_labeled (labeled_count=? AND id>?)');
    expect(next).toContain('COVERING INDEX poses_by_labeled (labeled_count>?)');
    const count = plan(positionQuery({}, { by: 'area', dir: 'desc' }, key));
    expect(count).toContain('COVERING INDEX poses_by_area (bbox_area>?)');
    expect(count).toContain('COVERING INDEX poses_by_area (bbox_area=? AND id>?)');
  });
});
