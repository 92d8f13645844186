/**
 * @file Benchmark of the editor's near-duplicate lookup (`poses.similar`) through the real handler
 * on a catalog of jittered presets (default 100k poses, one labeled-joint mask for most of them: the
 * hard case, as the mask alone rules nothing out), at the default threshold 0.95 (sketch bound) and
 * at 0.9 (no bound: scan by labeled count). Also: what writing the sketches adds to a bulk insert,
 * and `poses.augment` (500 jittered poses) and `poses.create` round trips.
 *
 *   npx tsx bench/similar-poses.ts [poses=100000] [queries=40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient, createMemoryTransport, type Keypoint } from '../src-main/contract';
import { openCatalog } from '../src-main/core/catalog/node/database';
import { migrate, migrations } from '../src-main/core/catalog/node/migrations/registry';
import { prepareShapeWriter } from '../src-main/core/catalog/node/poseShapesRepo';
import { prepareInsert } from '../src-main/core/catalog/node/posesRepo';
import { findSimilarPoses } from '../src-main/core/catalog/node/similarPoses';
import { jitterKeypoints } from '../src-main/core/pose/augment';
import { augmentPose, loadPresets, seededRandom } from '../src-main/core/pose/presets';
import { createStudio } from '../src-main/core/studio';

const COUNT = Number(process.argv[2] ?? 100_000);
const QUERIES = Number(process.argv[3] ?? 40);
const presets = loadPresets();

/** Pose i of the synthetic library: a preset moved rigidly, then bent at the joints; every tenth lacks its ears. */
function libraryPose(i: number): Keypoint[] {
  const moved = augmentPose(presets[i % presets.length]!, i + 1).keypoints;
  const bent = jitterKeypoints(moved, i, 25);
  return i % 10 === 0 ? bent.map((p, j): Keypoint => (j === 3 || j === 4 ? [0, 0, 0] : p)) : bent;
}

/** Insert `poses` in one transaction; seconds taken. */
function fill(db: Database.Database, poses: readonly Keypoint[][]): number {
  const started = performance.now();
  const insert = prepareInsert(db);
  db.transaction(() => {
    for (let i = 0; i < poses.length; i += 1) {
      insert(
        {
          width: 512,
          height: 512,
          keypoints: poses[i]!,
          box: null,
          source: { format: 'editor', file: null, record: null, image: null },
        },
        null,
        1_700_000_000_000 + i,
      );
    }
  })();
  return (performance.now() - started) / 1000;
}

/**
 * What the sketches add to a bulk insert: a full insert (pose row + sketch) against writing the
 * sketches alone (poseSketch + the pose_shapes row; foreign keys off so no pose rows are needed).
 */
function insertOverhead(dir: string, count: number): void {
  const open = (name: string): Database.Database => {
    const db = new Database(join(dir, name));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };
  const poses = Array.from({ length: count }, (_, i) => libraryPose(i));
  const full = open('full.sqlite');
  const fullSeconds = fill(full, poses);
  full.close();
  const shapesOnly = open('shapes.sqlite');
  shapesOnly.pragma('foreign_keys = OFF');
  const writer = prepareShapeWriter(shapesOnly);
  const started = performance.now();
  shapesOnly.transaction(() => poses.forEach((keypoints, i) => writer.insert(i + 1, keypoints)))();
  const shapeSeconds = (performance.now() - started) / 1000;
  shapesOnly.close();
  const base = fullSeconds - shapeSeconds;
  console.log(
    `bulk insert of ${count} poses: ${((fullSeconds / count) * 1e6).toFixed(1)} us/pose in all, of which the ` +
      `sketch ${((shapeSeconds / count) * 1e6).toFixed(1)} us (+${((shapeSeconds / base) * 100).toFixed(0)}% on the rest)`,
  );
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pose-bench-similar-'));
  try {
    insertOverhead(dir, Math.min(COUNT, 50_000));
    const projectDir = join(dir, 'project');
    const studio = await createStudio({ transport: 'memory', projectDir, create: true });
    const catalog = openCatalog(join(projectDir, 'studio.sqlite'));
    const library = Array.from({ length: COUNT }, (_, i) => libraryPose(i));
    console.log(`seeded ${COUNT} poses in ${fill(catalog.writer, library).toFixed(1)} s`);
    catalog.writer.exec('ANALYZE');
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    const random = seededRandom(3);
    const queries = Array.from({ length: QUERIES }, (_, q) => {
      const i = Math.floor(random() * COUNT);
      // A library pose nudged a little, as the editor would hold it mid-edit.
      return { id: i + 1, keypoints: jitterKeypoints(library[i]!, 1000 + q, 2) };
    });
    for (const threshold of [0.95, 0.9]) {
      const times: number[] = [];
      let compared = 0;
      let found = 0;
      for (const query of queries) {
        const started = performance.now();
        const { items } = await client.call('poses.similar', { keypoints: query.keypoints, threshold });
        times.push(performance.now() - started);
        found += items.length;
        compared += findSimilarPoses(catalog.reader, query.keypoints, { threshold, limit: 5 }).compared;
      }
      console.log(
        `poses.similar threshold ${threshold} over ${COUNT}: ${stats(times)}; ` +
          `${(compared / QUERIES).toFixed(0)} poses compared in full per query, ${(found / QUERIES).toFixed(1)} found`,
      );
    }
    const augmentStart = performance.now();
    const { ids } = await client.call('poses.augment', { id: 1, mode: 'jitter', count: 500, seed: 1 });
    console.log(`poses.augment jitter x${ids.length}: ${(performance.now() - augmentStart).toFixed(1)} ms`);
    const createTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      await client.call('poses.create', {
        width: 512,
        height: 512,
        keypoints: libraryPose(i),
        tags: ['bench'],
      });
      createTimes.push(performance.now() - started);
    }
    console.log(`poses.create: ${stats(createTimes)}`);
    catalog.close();
    await studio.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
