import { describe, expect, it } from 'vitest';
import { EventHub, createDispatcher, type Handlers, type Result } from '../../src-main/contract';
import { createTrainingState, trainingDriver, trainingHandlers } from './fakeTraining';

/** The fake behind the real dispatcher with output checks on: every answer must fit the contract. */
function setup() {
  const state = createTrainingState();
  const shared = { jobs: new Map(), clock: 0 };
  const hub = new EventHub();
  const events: string[] = [];
  hub.subscribe((event) => events.push(event));
  const dispatch = createDispatcher(trainingHandlers(state, hub, shared) as Handlers, {
    validateOutput: true,
  });
  const call = async (method: string, input: unknown) => {
    const result: Result<unknown> = await dispatch(method, input, { transport: 'memory' });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
  return { state, shared, events, call, driver: trainingDriver(state, hub, shared) };
}

describe('fake training handlers', () => {
  it('answer every training method within the contract through a run’s life', async () => {
    const { call, driver, shared, events } = setup();
    const summary = await call('train.dataset', { recipe: 'stablerep', batch: { groups: 4, members: 4 } });
    expect(summary).toMatchObject({ groupBy: 'prompt', groups: 6, variants: 120, problems: [] });
    const run = await call('train.start', { recipe: { recipe: 'genpoccl' }, steps: 40 });
    expect(run).toMatchObject({ id: 1, jobId: 101, state: 'queued', recipe: 'genpoccl' });
    driver.advance(1, 40);
    const detail = await call('train.get', { id: 1, maxPoints: 10 });
    expect((detail.metrics as unknown[]).length).toBeLessThanOrEqual(10);
    expect(detail.run).toMatchObject({ state: 'done', step: 40 });
    expect(detail.checkpoints).toEqual([expect.objectContaining({ step: 40 })]);
    const { jobId } = (await call('train.eval', { id: 1 })) as { jobId: number };
    driver.finishEval(jobId, {
      keypoints: { pck: 0.5, meanError: 2 },
      poseRetrieval: null,
      reid: null,
      attributes: null,
    });
    expect(shared.jobs.get(jobId)?.state).toBe('done');
    expect((await call('train.evals', { runIds: [1] })).items).toHaveLength(1);
    expect((await call('train.evals', { runIds: [2] })).items).toHaveLength(0);
    for (const format of ['onnx', 'onnx-fp16', 'timm-safetensors']) {
      expect(await call('train.export', { id: 1, format })).toMatchObject({ step: 40 });
    }
    expect(events).toEqual(expect.arrayContaining(['train.metrics', 'jobs.progress', 'catalog.changed']));
  });

  it('refuses to start with dataset problems, and to evaluate or export without a checkpoint', async () => {
    const { call, state } = setup();
    await expect(
      call('train.start', { recipe: { recipe: 'genpoccl' }, batch: { groups: 30, members: 4 } }),
    ).rejects.toThrow('only 24 groups have at least 4 variants; a batch needs 30');
    state.dataset.problems = ['no accepted variants'];
    await expect(call('train.start', { recipe: { recipe: 'simclr' } })).rejects.toThrow(
      'no accepted variants',
    );
    state.dataset.problems = [];
    await call('train.start', { recipe: { recipe: 'simclr' } });
    await expect(call('train.eval', { id: 1 })).rejects.toThrow('NOT_FOUND: run 1 has no checkpoint');
    await expect(call('train.export', { id: 1, format: 'onnx' })).rejects.toThrow('NOT_FOUND');
  });
});
