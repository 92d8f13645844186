/**
 * @file Tags: many-to-many between poses and case-insensitive tag names. Tags with no pose left
 * are removed, so the tag list only ever shows tags in use.
 */
import type Database from 'better-sqlite3';
import type { TagCount } from '../../../contract';

function tagIds(db: Database.Database, names: readonly string[]): number[] {
  const insert = db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  const find = db.prepare('SELECT id FROM tags WHERE name = ?');
  return names.map((name) => {
    insert.run(name);
    return (find.get(name) as { id: number }).id;
  });
}

/** Remove tags no pose carries any more, so the tag list shows only tags in use. */
export function dropUnusedTags(db: Database.Database): void {
  db.prepare(
    'DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM pose_tags pt WHERE pt.tag_id = tags.id)',
  ).run();
}

/** Add and remove tags on many poses; returns how many poses changed. Call in a transaction. */
export function changeTags(
  db: Database.Database,
  ids: readonly number[],
  add: readonly string[],
  remove: readonly string[],
  now: number,
): number {
  const idsJson = JSON.stringify(ids);
  const changed = new Set<number>();
  const addOne = db.prepare(
    `INSERT INTO pose_tags (tag_id, pose_id) SELECT ?, value FROM json_each(?)
     WHERE value IN (SELECT id FROM poses) ON CONFLICT DO NOTHING RETURNING pose_id`,
  );
  for (const tagId of tagIds(db, add)) {
    for (const row of addOne.all(tagId, idsJson) as { pose_id: number }[]) changed.add(row.pose_id);
  }
  const removeOne = db.prepare(
    `DELETE FROM pose_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)
     AND pose_id IN (SELECT value FROM json_each(?)) RETURNING pose_id`,
  );
  for (const name of remove) {
    for (const row of removeOne.all(name, idsJson) as { pose_id: number }[]) changed.add(row.pose_id);
  }
  if (changed.size > 0) {
    db.prepare('UPDATE poses SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(
      now,
      JSON.stringify([...changed]),
    );
  }
  if (remove.length > 0) dropUnusedTags(db);
  return changed.size;
}

/** Replace one pose's tags with exactly `names`. Call in a transaction. */
export function setTags(db: Database.Database, id: number, names: readonly string[], now: number): void {
  db.prepare('DELETE FROM pose_tags WHERE pose_id = ?').run(id);
  const link = db.prepare('INSERT INTO pose_tags (tag_id, pose_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const tagId of tagIds(db, names)) link.run(tagId, id);
  db.prepare('UPDATE poses SET updated_at = ? WHERE id = ?').run(now, id);
  dropUnusedTags(db);
}

export function listTags(db: Database.Database): TagCount[] {
  return db
    .prepare(
      `SELECT t.name AS tag, count(pt.pose_id) AS count FROM tags t
       JOIN pose_tags pt ON pt.tag_id = t.id GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
    )
    .all() as TagCount[];
}
