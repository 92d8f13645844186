/**
 * @file Fills a project's catalog (poses seeded first, see seed.ts) with one generation run of
 * variants per pose for benchmarks: wide rows like the generator's (params, keypoints, attributes
 * JSON), 200 distinct prompts, a mix of review states, and 80% of the variants scored on every
 * check, 3% of the values of each check on its bad side.
 */
import { join } from 'node:path';
import { openCatalog } from '../src-main/core/catalog/node/database';
import { ensureCheckId } from '../src-main/core/catalog/node/qualityRepo';
import { CHECKS } from '../src-main/core/quality/checks';

const PROMPTS = Array.from(
  { length: 200 },
  (_, i) => `a person in a ${['red', 'blue', 'green'][i % 3]} shirt, style ${i}`,
);

/** A value of check `c` for variant `i`, deterministic: 3% on the bad side of the threshold. */
function value(c: number, i: number): number {
  let h = Math.imul((i + 1) ^ Math.imul(c + 1, 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  const u = ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
  const { threshold, direction } = CHECKS[c]!;
  const bad = u < 0.03;
  const v = u / 0.03;
  if (direction === 'low-is-bad') return bad ? threshold * v : threshold * (1 + 2 * u);
  return bad ? threshold * (1 + v) : threshold * u;
}

/** Variants of every pose in one run, wide rows like the generator's, scores for 80% of them. */
export function seedVariants(projectDir: string, variantsPerPose: number): number {
  const started = performance.now();
  const catalog = openCatalog(join(projectDir, 'studio.sqlite'));
  const db = catalog.writer;
  db.transaction(() => {
    db.exec(`INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
             VALUES ('generate', 'bench', '{}', 'done', 'variants', 1, 1)`);
    const poses = (db.prepare('SELECT id FROM poses ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    db.prepare(
      `INSERT INTO generation_runs (job_id, generator, request, variants_per_pose, pose_count, total, created_at)
       VALUES (last_insert_rowid(), 'mannequin', '{}', ?, ?, ?, 1)`,
    ).run(variantsPerPose, poses.length, poses.length * variantsPerPose);
    const runId = (db.prepare('SELECT max(id) AS id FROM generation_runs').get() as { id: number }).id;
    db.exec(`INSERT INTO media (sha256, path, kind, bytes, created_at) VALUES ('x', 'x.png', 'rgb', 1, 1)`);
    const runPose = db.prepare('INSERT INTO run_poses (run_id, ordinal, pose_id) VALUES (?, ?, ?)');
    const insert = db.prepare(
      `INSERT INTO variants (run_id, pose_id, variant_index, generator, prompt, seed, width, height, params,
         keypoints, attributes, status, decided_by, rgb_media, thumb_media, created_at)
       VALUES (?, ?, ?, 'mannequin', ?, ?, 256, 256, ?, ?, ?, ?, ?, 1, 1, 1)`,
    );
    const quality = db.prepare(
      "INSERT INTO variant_quality (variant_id, phash, faces, scored_at) VALUES (?, ?, '[]', 1)",
    );
    const score = db.prepare('INSERT INTO variant_scores (variant_id, check_id, value) VALUES (?, ?, ?)');
    const checkIds = CHECKS.map((check) => ensureCheckId(db, check.id));
    const params = JSON.stringify({
      generator: 'mannequin',
      version: 3,
      options: { background: 'room', light: 0.7 },
    });
    const keypoints = JSON.stringify(
      Array.from({ length: 17 }, (_, k) => [100 + k * 3.25, 40 + k * 11.5, 2]),
    );
    let i = 0;
    poses.forEach((poseId, ordinal) => {
      runPose.run(runId, ordinal, poseId);
      for (let index = 0; index < variantsPerPose; index += 1, i += 1) {
        const status = i % 10 === 0 ? 'accepted' : i % 17 === 0 ? 'rejected' : 'new';
        const attributes = JSON.stringify({ shirt: 'red', skin: i % 6, hair: i % 4, identity: i % 997 });
        const id = Number(
          insert.run(
            runId,
            poseId,
            index,
            PROMPTS[i % PROMPTS.length]!,
            i,
            params,
            keypoints,
            attributes,
            status,
            status === 'new' ? null : 'hand',
          ).lastInsertRowid,
        );
        if (i % 5 === 4) continue; // 20% not scored
        quality.run(id, ((i * 2654435761) >>> 0).toString(16).padStart(16, '0'));
        checkIds.forEach((checkId, c) => score.run(id, checkId, value(c, i)));
      }
    });
  })();
  db.exec('ANALYZE');
  catalog.close();
  return (performance.now() - started) / 1000;
}
