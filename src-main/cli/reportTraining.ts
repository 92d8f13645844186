/**
 * @file Human-readable lines for training on the command line: a run's summary, the runs list, and
 * the evaluation table that puts every run's probes side by side.
 */
import type { EvalResult, TrainRun, TrainRunDetail } from '../contract';

const fixed = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined ? 'n/a' : x.toFixed(digits);

export function printTrainRun(detail: TrainRunDetail, seconds: number): string {
  const { run, checkpoints } = detail;
  const last = checkpoints.at(-1);
  return [
    `training run ${run.id} ${run.state}: ${run.recipe}, step ${run.step}/${run.steps} in ${seconds.toFixed(1)} s`,
    `  loss ${fixed(run.loss, 4)}, ${fixed(run.imagesPerSec, 1)} images/s, ${run.trainCount} training variants, ${run.evalCount} held out`,
    `  checkpoints: ${checkpoints.length === 0 ? 'none' : checkpoints.map((c) => c.step).join(', ')}` +
      (last ? ` (latest ${(last.bytes / 1e6).toFixed(1)} MB)` : ''),
  ].join('\n');
}

export function printTrainRuns(runs: readonly TrainRun[]): string {
  if (runs.length === 0) return 'no training runs';
  return runs
    .map(
      (r) =>
        `${String(r.id).padStart(4)}  ${r.state.padEnd(9)} ${r.recipe.padEnd(9)} step ${r.step}/${r.steps}  ` +
        `loss ${fixed(r.loss, 4)}  ${fixed(r.imagesPerSec, 1)} img/s  ${r.name}`,
    )
    .join('\n');
}

const COLUMNS: ReadonlyArray<[string, (e: EvalResult) => number | null | undefined]> = [
  ['PCK@0.1', (e) => e.results.keypoints?.pck],
  ['kp err', (e) => e.results.keypoints?.meanError],
  ['top1 OKS', (e) => e.results.poseRetrieval?.top1Oks],
  ['OKS mAP', (e) => e.results.poseRetrieval?.mAP],
  ['Rank-1', (e) => e.results.reid?.rank1],
  ['reID mAP', (e) => e.results.reid?.mAP],
  ['attr mA', (e) => e.results.attributes?.meanAccuracy],
];

export function printEvalTable(evals: readonly EvalResult[], runs: readonly TrainRun[]): string {
  if (evals.length === 0) return 'no evaluations yet';
  const recipe = new Map(runs.map((r) => [r.id, r.recipe]));
  const head = ['run', 'recipe', 'step', ...COLUMNS.map(([name]) => name)];
  const rows = evals.map((e) => [
    String(e.runId),
    recipe.get(e.runId) ?? '?',
    String(e.step),
    ...COLUMNS.map(([, get]) => fixed(get(e))),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
