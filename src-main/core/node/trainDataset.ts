/**
 * @file The variants a training run trains on, read from the catalog, and the run's frozen copy:
 * accepted variants (plus unreviewed ones on request, never rejected ones) of the chosen
 * generation runs, turned into TrainSamples with their image files; the seeded held-out split and
 * the sampler's groups; the dataset summary the Train page shows before Start; and dataset.json,
 * written once into the run folder so a resumed run (in its worker thread) trains on exactly the
 * same images even if the catalog changed since (the file format is datasetFile.ts's).
 */
import type Database from 'better-sqlite3';
import type { DatasetSummary, GroupBy, Keypoint, RecipeName, TrainDataset } from '../../contract';
import { groupKey, groupSamples, splitHeldOut, type TrainSample } from '../train/data/samples';
import type { BatchShape } from '../train/recipes';
import type { DatasetSample, FrozenDataset } from '../train/node/datasetFile';

export type { DatasetSample, FrozenDataset } from '../train/node/datasetFile';

type Row = {
  id: number;
  pose_id: number;
  prompt: string;
  attributes: string;
  keypoints: string;
  width: number;
  height: number;
  file: string | null;
};

function flatKeypoints(keypoints: readonly Keypoint[]): number[] {
  return keypoints.flatMap(([x, y, v]) => [x, y, v]);
}

/** The WHERE clause of the dataset's variants: the statuses that train, and the chosen runs. */
function datasetWhere(dataset: TrainDataset): { sql: string; params: unknown[] } {
  const statuses = dataset.includeUnreviewed ? ['accepted', 'new'] : ['accepted'];
  const params: unknown[] = [JSON.stringify(statuses)];
  let sql = 'v.status IN (SELECT value FROM json_each(?))';
  if (dataset.runIds !== undefined) {
    sql += ' AND v.run_id IN (SELECT value FROM json_each(?))';
    params.push(JSON.stringify(dataset.runIds));
  }
  // A variant whose image row is missing (a damaged catalog, doctor reports it) never trains.
  return { sql: `${sql} AND m.path IS NOT NULL`, params };
}

/** The dataset's variants in id order (stable, so a seeded split is reproducible). */
export function readDatasetSamples(db: Database.Database, dataset: TrainDataset): DatasetSample[] {
  const where = datasetWhere(dataset);
  const rows = db
    .prepare(
      `SELECT v.id, v.pose_id, v.prompt, v.attributes, v.keypoints, v.width, v.height, m.path AS file
       FROM variants v LEFT JOIN media m ON m.id = v.rgb_media
       WHERE ${where.sql} ORDER BY v.id`,
    )
    .all(...where.params) as Row[];
  return rows.map((row) => {
    const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
    return {
      variantId: row.id,
      poseId: row.pose_id,
      prompt: row.prompt,
      identity: typeof attributes.identity === 'string' ? attributes.identity : null,
      attributes,
      keypoints: flatKeypoints(JSON.parse(row.keypoints) as Keypoint[]),
      width: row.width,
      height: row.height,
      file: row.file ?? '',
    };
  });
}

/**
 * The same variants with only what the split and the groups read (pose, prompt, identity): the
 * Train page asks for a summary on every form change, so this skips reading and parsing each
 * variant's keypoints and attribute JSON on the thread that serves requests.
 */
export function readSummarySamples(db: Database.Database, dataset: TrainDataset): DatasetSample[] {
  const where = datasetWhere(dataset);
  const rows = db
    .prepare(
      `SELECT v.id, v.pose_id, v.prompt, json_extract(v.attributes, '$.identity') AS identity
       FROM variants v LEFT JOIN media m ON m.id = v.rgb_media
       WHERE ${where.sql} ORDER BY v.id`,
    )
    .all(...where.params) as { id: number; pose_id: number; prompt: string; identity: unknown }[];
  return rows.map((row) => ({
    variantId: row.id,
    poseId: row.pose_id,
    prompt: row.prompt,
    identity: typeof row.identity === 'string' ? row.identity : null,
    attributes: {},
    keypoints: [],
    width: 0,
    height: 0,
    file: '',
  }));
}

export function freezeDataset(
  samples: DatasetSample[],
  groupBy: GroupBy,
  evalFraction: number,
  seed: number,
): FrozenDataset {
  const split = splitHeldOut(samples, evalFraction, seed);
  return { version: 1, groupBy, samples, train: split.train, eval: split.eval };
}

function distinct(samples: readonly TrainSample[], by: GroupBy): number {
  const keys = new Set<string>();
  for (const sample of samples) {
    const key = groupKey(sample, by);
    if (key !== null) keys.add(key);
  }
  return keys.size;
}

/** What the Train page shows before Start; `problems` non-empty means Start is refused. */
export function summarizeDataset(
  frozen: FrozenDataset,
  recipe: RecipeName,
  batch: BatchShape,
  requested: { groups: number; members: number },
  includeUnreviewed: boolean,
): DatasetSummary {
  const { samples, groupBy } = frozen;
  const groups = groupSamples(samples, frozen.train, groupBy, batch.members);
  const problems: string[] = [];
  const what = includeUnreviewed ? 'accepted or unreviewed variants' : 'accepted variants';
  if (samples.length === 0) {
    problems.push(
      includeUnreviewed
        ? 'no variants to train on: generate some first'
        : 'no accepted variants: accept variants in Review, or include unreviewed ones',
    );
  } else if (groups.length < batch.groups) {
    problems.push(
      recipe === 'simclr'
        ? `the batch needs ${batch.groups} images but only ${frozen.train.length} ${what} are left for training`
        : `the batch needs ${batch.groups} groups of ${batch.members} variants sharing the ${groupBy}, ` +
            `but the training split has ${groups.length}`,
    );
  }
  return {
    variants: samples.length,
    poses: distinct(samples, 'pose'),
    prompts: distinct(samples, 'prompt'),
    identities: distinct(samples, 'identity'),
    groupBy,
    groups: groups.length,
    trainVariants: frozen.train.length,
    evalVariants: frozen.eval.length,
    batch: {
      groups: requested.groups,
      members: requested.members,
      images: requested.groups * requested.members,
    },
    problems,
  };
}
