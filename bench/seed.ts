/**
 * @file Fills a project's catalog with synthetic poses quickly (one transaction, prepared insert)
 * for benchmarks; tags every tenth pose `bench`.
 */
import { join } from 'node:path';
import { openCatalog } from '../src-main/core/catalog/node/database';
import { prepareInsert } from '../src-main/core/catalog/node/posesRepo';
import type { Keypoint } from '../src-main/contract';

export function seedPoses(projectDir: string, count: number): number {
  const started = performance.now();
  const catalog = openCatalog(join(projectDir, 'studio.sqlite'));
  const db = catalog.writer;
  const insert = prepareInsert(db);
  db.transaction(() => {
    db.prepare("INSERT INTO tags (name) VALUES ('bench') ON CONFLICT DO NOTHING").run();
    const tagId = (db.prepare("SELECT id FROM tags WHERE name = 'bench'").get() as { id: number }).id;
    const link = db.prepare('INSERT INTO pose_tags (tag_id, pose_id) VALUES (?, ?)');
    for (let i = 0; i < count; i += 1) {
      const keypoints: Keypoint[] = Array.from({ length: 17 }, (_, k) =>
        (i + k) % 5 === 0
          ? [0, 0, 0]
          : [50 + ((i * 7 + k * 13) % 200), 40 + ((i * 11 + k * 17) % 300), k % 4 === 0 ? 1 : 2],
      );
      const id = insert(
        {
          width: 320,
          height: 400,
          keypoints,
          box: null,
          source: { format: 'coco', file: 'bench.json', record: String(i), image: null },
        },
        null,
        1_700_000_000_000 + i,
      );
      if (i % 10 === 0) link.run(tagId, id);
    }
  })();
  db.exec('ANALYZE');
  catalog.close();
  return (performance.now() - started) / 1000;
}
