/**
 * @file Adds one more tag to a seeded benchmark catalog (bench/seed.ts tags every tenth pose
 * `bench`): a rare tag shows how the tag-filtered queries behave when few poses match. Refreshes
 * the planner statistics when the seed left some, so both tags are in them.
 */
import { join } from 'node:path';
import { openCatalog } from '../src-main/core/catalog/node/database';

/** Tag every `stride`-th pose (ids `stride`k + `phase`) with `name`; returns how many were tagged. */
export function tagEvery(projectDir: string, name: string, stride: number, phase = 7): number {
  const catalog = openCatalog(join(projectDir, 'studio.sqlite'));
  const db = catalog.writer;
  try {
    db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT DO NOTHING').run(name);
    const tagged = db
      .prepare(
        'INSERT OR IGNORE INTO pose_tags (tag_id, pose_id) SELECT (SELECT id FROM tags WHERE name = ?), id FROM poses WHERE id % ? = ?',
      )
      .run(name, stride, phase % stride).changes;
    const analyzed = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
    if (analyzed !== undefined) db.exec('ANALYZE');
    return tagged;
  } finally {
    catalog.close();
  }
}
