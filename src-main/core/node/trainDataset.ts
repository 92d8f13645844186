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

/** The dataset's variants in id order (stable, so a seeded split is reproducible). */
export function readDatasetSamples(db: Database.Database, dataset: TrainDataset): DatasetSample[] {
  const statuses = dataset.includeUnreviewed ? ['accepted', 'new'] : ['accepted'];
  const params: unknown[] = [JSON.stringify(statuses)];
  let runs = '';
  if (dataset.runIds !== undefined) {
    runs = 'AND v.run_id IN (SELECT value FROM json_each(?))';
    params.push(JSON.stringify(dataset.runIds));
  }
  const rows = db
    .prepare(
      `SELECT v.id, v.pose_id, v.prompt, v.attributes, v.keypoints, v.width, v.height, m.path AS file
       FROM variants v LEFT JOIN media m ON m.id = v.rgb_media
       WHERE v.status IN (SELECT value FROM json_each(?)) ${runs}
       ORDER BY v.id`,
    )
    .all(...params) as Row[];
  return rows.flatMap((row) => {
    if (row.file === null) return []; // a damaged catalog row (doctor reports it): nothing to train on
    const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
    const identity = typeof attributes.identity === 'string' ? attributes.identity : null;
    return [
      {
        variantId: row.id,
        poseId: row.pose_id,
        prompt: row.prompt,
        identity,
        attributes,
        keypoints: flatKeypoints(JSON.parse(row.keypoints) as Keypoint[]),
        width: row.width,
        height: row.height,
        file: row.file,
      },
    ];
  });
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
