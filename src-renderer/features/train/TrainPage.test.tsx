// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProbeResults, ProjectInfo } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { TrainPage } from './TrainPage';

afterEach(cleanup);

const project: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 24 };

type Fake = ReturnType<typeof createFakeStudio>;

function setup(prepare: (fake: Fake) => Promise<void> | void = () => undefined, ipc = false) {
  const fake = createFakeStudio();
  const ready = Promise.resolve(prepare(fake)).then(() => {
    const connection = ipc ? { ...fake.connection, mode: 'ipc' as const, files: null } : fake.connection;
    renderWithStudio(connection, <TrainPage project={project} onOpenProject={() => undefined} />);
  });
  return { fake, ready };
}

const byId = (testId: string) => screen.getByTestId(testId);
const text = (testId: string) => byId(testId).textContent;
const change = (testId: string, value: string) => fireEvent.change(byId(testId), { target: { value } });
const start = () => byId('train-start') as HTMLButtonElement;
const points = (testId: string) => Number(byId(testId).getAttribute('data-points'));

/** Queue a run through the client (as another window would) and wait until the page lists it. */
async function queueRun(fake: Fake, steps = 100, recipe: 'genpoccl' | 'simclr' = 'genpoccl') {
  const run = await fake.connection.client.call('train.start', { recipe: { recipe }, steps });
  return run;
}

describe('Train page: the form', () => {
  it('shows schema errors next to their fields, then queues the run the form describes', async () => {
    const { fake, ready } = setup();
    await ready;
    await waitFor(() => expect(text('train-summary-batch')).toBe('8 × 4 = 32 images'));
    expect(text('train-summary-groups')).toBe('24');
    await waitFor(() => expect(start().disabled).toBe(false));

    change('train-steps', '0');
    expect(text('train-steps-field-error')).toBe('must be more than 0');
    expect(byId('train-steps').getAttribute('aria-invalid')).toBe('true');
    change('train-lr', '3');
    expect(text('train-lr-field-error')).toBe('must be at most 1');
    expect(start().disabled).toBe(true);
    expect(text('train-start-blocked')).toBe('fix the fields marked above');

    change('train-recipe', 'stablerep');
    expect(byId('train-recipe-field').textContent).toMatch(/multi-positive contrastive loss on \[CLS\]/);
    expect((byId('train-group-by') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe(
      'Same prompt (recipe default)',
    );
    change('train-recipe-temperature', '0.08');
    change('train-recipe-head-out', '64');
    change('train-steps', '200');
    change('train-lr', '0.001');
    change('train-groups', '6');
    change('train-seed', '7');
    change('train-name', 'prompts');
    change('train-crop-min', '0.5');
    fireEvent.click(byId('train-include-unreviewed'));
    fireEvent.click(byId('train-flip'));
    expect(screen.queryByTestId('train-steps-field-error')).toBeNull();
    await waitFor(() => expect(text('train-summary-batch')).toBe('6 × 4 = 24 images'));
    expect(text('train-summary-variants')).toBe('150');
    await waitFor(() => expect(start().disabled).toBe(false));
    fireEvent.click(start());

    expect((await screen.findByTestId('train-started')).textContent).toBe(
      'Queued Run #1 · prompts · StableRep',
    );
    expect(fake.callsOf('train.start')[0]?.input).toEqual({
      name: 'prompts',
      recipe: { recipe: 'stablerep', temperature: 0.08, head: { hidden: 512, out: 64 } },
      dataset: { includeUnreviewed: true, groupBy: 'prompt', evalFraction: 0.15 },
      model: { preset: 'tiny' },
      batch: { groups: 6, members: 4 },
      optimizer: { lr: 0.001, weightDecay: 0.05, warmupSteps: 20 },
      augment: { cropScale: [0.5, 1], colorJitter: 0.4, blur: 0.2, flip: false },
      steps: 200,
      seed: 7,
      checkpointEvery: 100,
    });
    const row = await screen.findByTestId('train-run-1');
    expect(row.getAttribute('aria-pressed')).toBe('true');
    expect(byId('train-run-detail').getAttribute('data-run-id')).toBe('1');
  });

  it('shows dataset problems prominently and keeps Start disabled while there are any', async () => {
    const { fake, ready } = setup((f) => {
      f.state.training.dataset.problems = ['no accepted variants yet: review some first'];
    });
    await ready;
    const problems = await screen.findByTestId('train-dataset-problems');
    expect(problems.getAttribute('role')).toBe('alert');
    expect(problems.textContent).toBe('no accepted variants yet: review some first');
    expect(start().disabled).toBe(true);
    expect(text('train-start-blocked')).toBe('the dataset has problems (see above)');

    fake.state.training.dataset.problems = [];
    change('train-members', '6');
    await waitFor(() =>
      expect(text('train-dataset-problems')).toBe('only 0 groups have at least 6 variants; a batch needs 8'),
    );
    expect(start().disabled).toBe(true);
    change('train-members', '5');
    await waitFor(() => expect(screen.queryByTestId('train-dataset-problems')).toBeNull());
    await waitFor(() => expect(start().disabled).toBe(false));
    const asked = fake.callsOf('train.dataset').map((c) => (c.input as { batch: { members: number } }).batch);
    expect(asked.at(-1)).toEqual({ groups: 8, members: 5 });

    // A review elsewhere changes what would train: the summary is asked again.
    fake.state.training.dataset.accepted = 200;
    act(() => fake.hub.emit('catalog.changed', { entity: 'variants', reason: 'variants.review' }));
    await waitFor(() => expect(text('train-summary-variants')).toBe('200'));
  });
});

describe('Train page: a run live', () => {
  it('appends live metrics to the charts and shows progress, rate and ETA from the job', async () => {
    const { fake, ready } = setup(async (f) => void (await queueRun(f, 100)));
    await ready;
    await screen.findByTestId('train-run-1');
    expect(points('train-loss-chart')).toBe(0);
    expect(text('train-progress-steps')).toBe('0 of 100 steps');

    act(() => void fake.training.advance(1, 10));
    await waitFor(() => expect(points('train-loss-chart')).toBe(10));
    expect(points('train-lr-chart')).toBe(10);
    expect(points('train-rate-chart')).toBe(10);
    await waitFor(() => expect(text('train-progress-steps')).toBe('10 of 100 steps'));
    expect(text('train-eta')).toBe('2.0 steps/s · 45 s left');
    expect(within(byId('train-progress')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('10');

    act(() => void fake.training.advance(1, 5));
    await waitFor(() => expect(points('train-loss-chart')).toBe(15));
    const path = byId('train-loss-chart').querySelector('path')?.getAttribute('d') ?? '';
    expect(path.match(/[ML]/g)).toHaveLength(15);
    expect(text('train-loss-chart-latest')).toBe('3.58');
    await waitFor(() =>
      expect(within(byId('train-run-1').closest('tr')!).getByTestId('train-run-step').textContent).toBe(
        '15/100',
      ),
    );

    // Points of another run never reach this chart.
    act(() =>
      fake.hub.emit('train.metrics', {
        runId: 9,
        points: [{ step: 99, loss: 1, lr: 1, gradNorm: 1, imagesPerSec: 1 }],
      }),
    );
    expect(points('train-loss-chart')).toBe(15);
  });

  it('pauses, resumes and cancels the run’s job, showing the buttons its state allows', async () => {
    const { fake, ready } = setup(async (f) => void (await queueRun(f)));
    await ready;
    await screen.findByTestId('train-run-1');
    act(() => void fake.training.advance(1, 3));
    await waitFor(() => expect(byId('train-run-detail').getAttribute('data-state')).toBe('running'));
    expect(screen.queryByTestId('train-resume')).toBeNull();

    fireEvent.click(byId('train-pause'));
    await waitFor(() => expect(byId('train-run-detail').getAttribute('data-state')).toBe('paused'));
    expect(fake.callsOf('jobs.pause')[0]?.input).toEqual({ id: 101 });
    expect(screen.queryByTestId('train-pause')).toBeNull();
    fireEvent.click(byId('train-resume'));
    await waitFor(() => expect(byId('train-run-detail').getAttribute('data-state')).toBe('running'));
    expect(fake.callsOf('jobs.resume')[0]?.input).toEqual({ id: 101 });

    fireEvent.click(byId('train-cancel'));
    await waitFor(() => expect(byId('train-run-detail').getAttribute('data-state')).toBe('cancelled'));
    expect(fake.callsOf('jobs.cancel')[0]?.input).toEqual({ id: 101 });
    for (const id of ['train-pause', 'train-resume', 'train-cancel'])
      expect(screen.queryByTestId(id)).toBeNull();
    await waitFor(() =>
      expect(within(byId('train-runs')).getByTestId('train-run-state').textContent).toBe('cancelled'),
    );
  });
});

const probes = (pck: number, meanError: number, rank1: number | null): ProbeResults => ({
  keypoints: { pck, meanError },
  poseRetrieval: { top1Oks: 0.6, mAP: 0.3, token: 'pose' },
  reid: rank1 === null ? null : { rank1, mAP: 0.2 },
  attributes: { meanAccuracy: 0.7, perAttribute: { hat: 0.7 } },
});

describe('Train page: checkpoints, evaluation and export', () => {
  it('evaluates the latest checkpoint, follows the job and adds the result to the table', async () => {
    const { fake, ready } = setup(async (f) => {
      await queueRun(f, 40);
      f.training.advance(1, 20);
      f.training.checkpoint(1);
    });
    await ready;
    const checkpoints = await screen.findByTestId('train-checkpoints');
    expect(checkpoints.querySelector('li')?.getAttribute('data-step')).toBe('20');
    expect(checkpoints.textContent).toContain('1.50 MB');
    expect(await screen.findByTestId('train-evals-empty')).toBeTruthy();

    fireEvent.click(byId('train-eval'));
    expect((await screen.findByTestId('train-eval-status')).textContent).toBe('Evaluation queued');
    expect(fake.callsOf('train.eval')[0]?.input).toEqual({ id: 1 });
    expect((byId('train-eval') as HTMLButtonElement).disabled).toBe(true);
    act(() => fake.training.evalProgress(102, 2));
    await waitFor(() => expect(text('train-eval-status')).toBe('Evaluating: 2 of 4 probes · 2 s left'));
    act(() => void fake.training.finishEval(102, probes(0.62, 4.1, null)));
    await waitFor(() => expect(text('train-eval-status')).toBe('Evaluation done'));
    const row = await screen.findByTestId('train-eval-row');
    expect(row.getAttribute('data-step')).toBe('20');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['GenPoCCL', '20', '0.620', '4.100', '0.600', '0.300', 'n/a', 'n/a', '0.700']);
    expect((byId('train-eval') as HTMLButtonElement).disabled).toBe(false);
  });

  it('compares runs side by side and highlights the best value of each column', async () => {
    const { ready } = setup(async (f) => {
      await queueRun(f, 40, 'simclr');
      await queueRun(f, 40, 'genpoccl');
      f.training.addEval(1, 40, probes(0.5, 3.0, 0.4));
      f.training.addEval(2, 20, probes(0.55, 3.5, null));
      f.training.addEval(2, 40, probes(0.7, 2.5, 0.3));
    });
    await ready;
    const table = await screen.findByTestId('train-eval-table');
    const rows = within(table).getAllByTestId('train-eval-row');
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Run #2',
      'Run #2',
      'Run #1',
    ]);
    const best = (column: string) =>
      rows.map((row) => row.querySelector(`[data-column="${column}"]`)!.hasAttribute('data-best'));
    expect(best('pck')).toEqual([false, true, false]);
    expect(best('meanError')).toEqual([false, true, false]);
    expect(best('rank1')).toEqual([false, false, true]);
    expect(rows[0]!.querySelector('[data-column="rank1"]')?.textContent).toBe('n/a');
    expect(table.querySelectorAll('.train-evals__best').length).toBe(
      table.querySelectorAll('[data-best]').length,
    );

    fireEvent.click(byId('train-run-1'));
    await waitFor(() => expect(byId('train-run-detail').getAttribute('data-run-id')).toBe('1'));
    expect(byId('train-run-1').getAttribute('aria-pressed')).toBe('true');
  });

  it('exports the encoder and offers the download link (server mode)', async () => {
    const { fake, ready } = setup(async (f) => {
      await queueRun(f, 40);
      f.training.advance(1, 40);
    });
    await ready;
    await screen.findByTestId('train-checkpoints');
    fireEvent.click(byId('train-export-fp16'));
    const link = await screen.findByTestId('train-export-link');
    expect(link.getAttribute('href')).toBe('http://studio/api/exports/train-run1-step40-fp16.onnx?token=t');
    expect(link.getAttribute('download')).toBe('train-run1-step40-fp16.onnx');
    expect(fake.callsOf('train.export')[0]?.input).toEqual({ id: 1, format: 'onnx-fp16' });
    fireEvent.click(byId('train-export-timm'));
    await waitFor(() =>
      expect(byId('train-export-link').getAttribute('download')).toBe('train-run1-step40.safetensors'),
    );
  });

  it('shows where the studio saved the export under IPC, and disables exports without a checkpoint', async () => {
    const { fake, ready } = setup(async (f) => {
      await queueRun(f, 40);
      await queueRun(f, 40);
      f.training.advance(1, 40);
    }, true);
    await ready;
    await screen.findByTestId('train-checkpoints-empty');
    expect(byId('train-run-detail').getAttribute('data-run-id')).toBe('2');
    expect((byId('train-export-onnx') as HTMLButtonElement).disabled).toBe(true);
    expect((byId('train-eval') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(byId('train-run-1'));
    await screen.findByTestId('train-checkpoints');
    fireEvent.click(byId('train-export-onnx'));
    expect((await screen.findByTestId('train-export-path')).textContent).toBe(
      'Saved /p/demo/exports/train-run1-step40.onnx',
    );
    expect(screen.queryByTestId('train-export-link')).toBeNull();
    expect(fake.callsOf('train.export')).toHaveLength(1);
  });
});
