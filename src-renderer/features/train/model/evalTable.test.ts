import { describe, expect, it } from 'vitest';
import type { EvalResult, ProbeResults, TrainRun } from '../../../../src-main/contract';
import { EVAL_COLUMNS, evalRows, formatProbe } from './evalTable';

const results = (pck: number | null, meanError: number, rank1: number | null): ProbeResults => ({
  keypoints: pck === null ? null : { pck, meanError },
  poseRetrieval: { top1Oks: 0.5, mAP: 0.4, token: 'pose' },
  reid: rank1 === null ? null : { rank1, mAP: rank1 / 2 },
  attributes: null,
});

const evalResult = (id: number, runId: number, step: number, probe: ProbeResults): EvalResult => ({
  ...{ id, runId, step, results: probe, counts: {}, createdAt: id },
});

const run = (id: number, recipe: TrainRun['recipe'], name = ''): TrainRun =>
  ({ id, recipe, name }) as TrainRun;

describe('evaluation table', () => {
  it('orders rows by run (newest first) then step and labels them with the run’s recipe', () => {
    const rows = evalRows(
      [
        evalResult(1, 1, 100, results(0.5, 3, 0.2)),
        evalResult(2, 2, 200, results(0.6, 2, null)),
        evalResult(3, 2, 100, results(0.4, 4, 0.3)),
        evalResult(4, 9, 50, results(null, 0, null)),
      ],
      [run(1, 'simclr'), run(2, 'genpoccl', 'pose run')],
    );
    expect(rows.map((row) => [row.run, row.recipe, row.step])).toEqual([
      ['Run #9', '–', 50],
      ['Run #2 · pose run', 'GenPoCCL', 100],
      ['Run #2 · pose run', 'GenPoCCL', 200],
      ['Run #1', 'SimCLR', 100],
    ]);
  });

  it('marks the best of each column: highest, but lowest for the mean error; n/a never wins', () => {
    const rows = evalRows(
      [
        evalResult(1, 1, 100, results(0.5, 3, 0.2)),
        evalResult(2, 2, 100, results(0.7, 2, null)),
        evalResult(3, 3, 100, results(null, 0, 0.2)),
      ],
      [],
    );
    const column = (key: string) => rows.map((row) => row.cells.find((cell) => cell.key === key)!);
    expect(column('pck').map((cell) => [cell.text, cell.best])).toEqual([
      ['n/a', false],
      ['0.700', true],
      ['0.500', false],
    ]);
    expect(column('meanError').map((cell) => cell.best)).toEqual([false, true, false]);
    // A tie marks both; equal retrieval figures in every row mark all of them.
    expect(column('rank1').map((cell) => [cell.text, cell.best])).toEqual([
      ['0.200', true],
      ['n/a', false],
      ['0.200', true],
    ]);
    expect(column('top1Oks').every((cell) => cell.best)).toBe(true);
    expect(column('attrMa').map((cell) => [cell.text, cell.best])).toEqual([
      ['n/a', false],
      ['n/a', false],
      ['n/a', false],
    ]);
  });

  it('marks nothing when a single row has a value, and has the seven probe columns', () => {
    const rows = evalRows([evalResult(1, 1, 10, results(0.5, 3, 0.2))], []);
    expect(rows[0]!.cells.some((cell) => cell.best)).toBe(false);
    expect(EVAL_COLUMNS.map((column) => column.label)).toEqual([
      'PCK@0.1',
      'Mean error',
      'Top-1 OKS',
      'mAP@OKS0.75',
      'Rank-1',
      're-ID mAP',
      'Attribute mA',
    ]);
    expect(formatProbe(Number.NaN)).toBe('n/a');
  });
});
