/**
 * @file The evaluation table comparing runs side by side: one row per evaluation result (run,
 * recipe, checkpoint step), one column per probe figure, `n/a` where a probe had no ground truth,
 * and the best value of each column marked (highest, except the mean keypoint error where lower
 * is better; ties all marked; nothing marked when fewer than two rows have a value). Pure.
 */
import type { EvalResult, ProbeResults, TrainRun } from '../../../../src-main/contract';
import { recipeLabel } from './trainRuns';

export type EvalColumn = {
  key: string;
  label: string;
  title: string;
  better: 'higher' | 'lower';
  pick: (results: ProbeResults) => number | null;
};

export const EVAL_COLUMNS: readonly EvalColumn[] = [
  {
    key: 'pck',
    label: 'PCK@0.1',
    title: 'Keypoint probe: share of keypoints within 0.1 of the box size',
    better: 'higher',
    pick: (r) => r.keypoints?.pck ?? null,
  },
  {
    key: 'meanError',
    label: 'Mean error',
    title: 'Keypoint probe: mean keypoint error (lower is better)',
    better: 'lower',
    pick: (r) => r.keypoints?.meanError ?? null,
  },
  {
    key: 'top1Oks',
    label: 'Top-1 OKS',
    title: 'Pose retrieval: OKS of the nearest neighbour',
    better: 'higher',
    pick: (r) => r.poseRetrieval?.top1Oks ?? null,
  },
  {
    key: 'poseMap',
    label: 'mAP@OKS0.75',
    title: 'Pose retrieval: mean average precision, relevant when OKS ≥ 0.75',
    better: 'higher',
    pick: (r) => r.poseRetrieval?.mAP ?? null,
  },
  {
    key: 'rank1',
    label: 'Rank-1',
    title: 'Re-identification: the nearest neighbour is the same identity',
    better: 'higher',
    pick: (r) => r.reid?.rank1 ?? null,
  },
  {
    key: 'reidMap',
    label: 're-ID mAP',
    title: 'Re-identification: mean average precision',
    better: 'higher',
    pick: (r) => r.reid?.mAP ?? null,
  },
  {
    key: 'attrMa',
    label: 'Attribute mA',
    title: 'Attribute probe: mean accuracy over attributes',
    better: 'higher',
    pick: (r) => r.attributes?.meanAccuracy ?? null,
  },
];

export type EvalCell = { key: string; value: number | null; text: string; best: boolean };

export type EvalRow = {
  id: number;
  runId: number;
  /** `Run #3 · my name` (the run's name when it has one). */
  run: string;
  recipe: string;
  step: number;
  cells: EvalCell[];
};

export function formatProbe(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(3);
}

function bestOf(values: ReadonlyArray<number | null>, better: 'higher' | 'lower'): number | null {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length < 2) return null;
  return better === 'higher' ? Math.max(...present) : Math.min(...present);
}

/** Rows by run (newest run first), then step; runs not listed (older than the list) still show. */
export function evalRows(evals: readonly EvalResult[], runs: readonly TrainRun[]): EvalRow[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const sorted = [...evals].sort((a, b) => b.runId - a.runId || a.step - b.step || a.id - b.id);
  const values = EVAL_COLUMNS.map((column) => sorted.map((result) => column.pick(result.results)));
  const best = EVAL_COLUMNS.map((column, c) => bestOf(values[c]!, column.better));
  return sorted.map((result, r) => {
    const run = byId.get(result.runId);
    return {
      id: result.id,
      runId: result.runId,
      run: run?.name ? `Run #${result.runId} · ${run.name}` : `Run #${result.runId}`,
      recipe: run ? recipeLabel(run.recipe) : '–',
      step: result.step,
      cells: EVAL_COLUMNS.map((column, c) => {
        const value = values[c]?.[r] ?? null;
        return {
          key: column.key,
          value,
          text: formatProbe(value),
          best: value !== null && value === best[c],
        };
      }),
    };
  });
}
