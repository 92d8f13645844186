/**
 * @file Entry of a quality worker thread (bundled as out/main/qualityWorker.js; run from source via
 * tsx, see workerEntry.ts). It opens one scorer (BlazeFace sessions and the checks) once, then
 * scores one variant at a time: decode the PNG with sharp, score, send the numbers back.
 * A scorer module given in workerData (tests, plug-ins) replaces the built-in one.
 */
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { QualityScorer } from '../../quality/node/scorer';
import {
  runScoreTask,
  type QualityWorkerData,
  type ScoreResult,
  type ScoreTask,
  type ScorerFactory,
} from './scoreTask';
import { serveWorkerTasks } from './workerPool';

const data = workerData as QualityWorkerData;
// require, not import(): from source, tsx hooks require in this thread (not the ESM loader).
const load = createRequire(__filename);
// The pool, not libvips, spreads work over cores.
sharp.concurrency(1);

function scorerFactory(): ScorerFactory {
  if (data.scorerModule === null) return QualityScorer;
  const loaded = load(data.scorerModule) as { QualityScorer?: ScorerFactory };
  if (typeof loaded.QualityScorer?.create !== 'function') {
    throw new Error(`${data.scorerModule} exports no QualityScorer with a create() function`);
  }
  return loaded.QualityScorer;
}

serveWorkerTasks<ScoreTask, ScoreResult>(async () => {
  const scorer = await scorerFactory().create({ threads: data.threads });
  return (task) => runScoreTask(scorer, task);
});
