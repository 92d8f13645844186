/**
 * @file dataset.json, a training run's frozen dataset in its run folder: the samples (with their
 * image files relative to the project's media folder), the group key and the held-out split. Written
 * once when the run is created (atomically), read by the training worker on every (re)start, so a
 * resumed run trains on exactly the same images even if the catalog changed since.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GroupBy } from '../../../contract';
import { writeAtomically } from '../../node/files';
import type { TrainSample } from '../data/samples';

export type DatasetSample = TrainSample & { /** Relative to the project's media folder. */ file: string };

export type FrozenDataset = {
  version: 1;
  groupBy: GroupBy;
  samples: DatasetSample[];
  /** Indices into samples. */
  train: number[];
  eval: number[];
};

export const DATASET_FILE = 'dataset.json';

export async function writeFrozenDataset(runDir: string, frozen: FrozenDataset): Promise<void> {
  await writeAtomically(join(runDir, DATASET_FILE), [JSON.stringify(frozen)]);
}

export async function readFrozenDataset(runDir: string): Promise<FrozenDataset> {
  const path = join(runDir, DATASET_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`the run's dataset is missing (${path}): ${(error as Error).message}`);
  }
  const frozen = JSON.parse(text) as FrozenDataset;
  if (frozen.version !== 1 || !Array.isArray(frozen.samples))
    throw new Error(`${path} is not a dataset file`);
  return frozen;
}
