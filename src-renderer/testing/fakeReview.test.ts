import { describe, expect, it } from 'vitest';
import {
  EventHub,
  createDispatcher,
  type Handlers,
  type ReviewPage,
  type Result,
  type RulePreview,
} from '../../src-main/contract';
import {
  createReviewState,
  fakeScores,
  reviewDriver,
  reviewHandlers,
  type FakeReviewOptions,
} from './fakeReview';

/** The fake behind the real dispatcher with output checks on: every answer must fit the contract. */
function setup(options: FakeReviewOptions = { poses: 6, variantsPerPose: 3 }) {
  const state = createReviewState(options);
  const shared = { jobs: new Map(), clock: 0 };
  const hub = new EventHub();
  const events: string[] = [];
  hub.subscribe((event, payload) => events.push(`${event}:${(payload as { entity?: string }).entity ?? ''}`));
  const dispatch = createDispatcher(reviewHandlers(state, hub, shared) as Handlers, { validateOutput: true });
  const call = async <T = Record<string, unknown>>(method: string, input: unknown): Promise<T> => {
    const result: Result<unknown> = await dispatch(method, input, { transport: 'memory' });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  return { state, shared, events, call, driver: reviewDriver(state, hub, shared) };
}

describe('fake review handlers', () => {
  it('pages pose rows with every filter, and counts states over the filter without its states', async () => {
    const { call } = setup();
    const page = await call<ReviewPage>('review.page', { limit: 4 });
    expect(page.rows.map((r) => r.poseId)).toEqual([1, 2, 3, 4]);
    expect(page).toMatchObject({ totalRows: 6, totalVariants: 18 });
    expect(page.counts).toEqual({ unreviewed: 18, accepted: 0, rejectedHand: 0, rejectedAuto: 0 });
    expect(page.rows[0]?.variants.map((v) => v.id)).toEqual([1, 2, 3]);
    const tagged = await call<ReviewPage>('review.page', {
      filter: { tag: 'keep', generator: 'sd-controlnet' },
    });
    expect(tagged.rows.map((r) => r.poseId)).toEqual([6]);
    const run = await call<ReviewPage>('review.page', { filter: { runId: 1, promptContains: 'DANCER' } });
    expect(run.rows.flatMap((r) => r.variants.map((v) => v.id))).toEqual([1, 4, 7]);
    const ranged = await call<ReviewPage>('review.page', {
      filter: { scores: [{ check: 'blur', max: 200 }] },
    });
    const ids = ranged.rows.flatMap((r) => r.variants.map((v) => v.id));
    expect(ids.every((id) => (fakeScores(id).blur ?? 0) <= 200)).toBe(true);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('sorts rows by a check’s worst value, either way, rows without a value last', async () => {
    const { call } = setup({ poses: 5, variantsPerPose: 2 });
    const worstOf = (page: ReviewPage) =>
      page.rows.map((r) => Math.min(...r.variants.map((v) => v.scores?.blur ?? Infinity)));
    const worstFirst = worstOf(await call('review.page', { sort: { by: 'blur', dir: 'worst-first' } }));
    expect(worstFirst).toEqual([...worstFirst].sort((a, b) => a - b));
    const bestFirst = worstOf(await call('review.page', { sort: { by: 'blur', dir: 'best-first' } }));
    expect(bestFirst).toEqual([...worstFirst].reverse());
    await expect(call('review.page', { sort: { by: 'nope' } })).rejects.toThrow(
      'INVALID_INPUT: unknown check nope',
    );
  });

  it('records decisions as batches and undoes them', async () => {
    const { call, state, events } = setup();
    const accepted = await call('variants.review', { ids: [1, 2], status: 'accepted' });
    expect(accepted).toMatchObject({
      updated: 2,
      batch: { id: 1, by: 'hand', label: 'Accepted 2 variants', count: 2 },
    });
    await call('variants.review', { ids: [2, 3], status: 'rejected', reason: 'bad hands' });
    expect(state.variants[1]).toMatchObject({
      state: 'rejected-hand',
      status: 'rejected',
      reason: 'bad hands',
    });
    const page = await call<ReviewPage>('review.page', { filter: { states: ['accepted'] } });
    expect(page.totalVariants).toBe(1);
    expect(page.counts).toMatchObject({ accepted: 1, rejectedHand: 2, unreviewed: 15 });
    expect(await call('review.undo', {})).toMatchObject({ restored: 2, batch: { id: 2, undone: true } });
    expect(state.variants[1]).toMatchObject({ state: 'accepted', reason: null });
    expect(await call('review.undo', { batchId: 2 })).toMatchObject({ restored: 0 });
    const batches = await call<{ items: Array<{ id: number; undone: boolean }> }>('review.batches', {});
    expect(batches.items.map((b) => [b.id, b.undone])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(events).toContain('catalog.changed:decisions');
    state.failReview = 'disk full';
    await expect(call('variants.review', { ids: [4], status: 'accepted' })).rejects.toThrow(
      'INTERNAL: disk full',
    );
  });

  it('previews and applies rules over unreviewed scored variants, leaving decisions by hand', async () => {
    const { call, state } = setup({ poses: 10, variantsPerPose: 4 });
    await call('variants.review', { ids: [1, 2, 3], status: 'accepted' });
    const rules = [
      { check: 'blur', threshold: 300 },
      { check: 'face_landmarks', threshold: 0.5 },
      { check: 'face_sharpness', threshold: 10, enabled: false },
    ];
    const preview = await call<RulePreview>('quality.preview', { rules, sample: 2 });
    const open = state.variants.filter((v) => v.state === 'unreviewed');
    const blurBad = open.filter((v) => (v.scores?.blur ?? 0) < 300);
    const faceBad = open.filter((v) => (v.scores?.face_landmarks ?? 0) > 0.5);
    expect(preview.considered).toBe(37);
    expect(preview.perRule.map((r) => [r.check, r.count])).toEqual([
      ['blur', blurBad.length],
      ['face_landmarks', faceBad.length],
    ]);
    expect(preview.perRule[0]?.sample).toHaveLength(2);
    const total = new Set([...blurBad, ...faceBad].map((v) => v.id)).size;
    expect(preview.total).toBe(total);
    const applied = await call('quality.apply', { rules });
    expect(applied).toMatchObject({ rejected: total, batch: { by: 'auto', count: total } });
    expect(state.variants.filter((v) => v.state === 'rejected-auto')).toHaveLength(total);
    expect(state.variants.slice(0, 3).every((v) => v.state === 'accepted')).toBe(true);
    await expect(call('quality.preview', { rules: [{ check: 'x', threshold: 1 }] })).rejects.toThrow(
      'unknown check x',
    );
  });

  it('scores unscored variants through a job the driver advances, with faces for front views', async () => {
    const { call, driver, shared, events } = setup({ poses: 4, variantsPerPose: 4, scored: false });
    expect((await call<ReviewPage>('review.page', {})).rows[0]?.variants[0]?.scores).toBeNull();
    const { jobId, count } = await call<{ jobId: number; count: number }>('quality.score', {
      filter: { runId: 1 },
    });
    expect(count).toBe(8);
    expect(driver.score(jobId, 5)).toBe(5);
    expect(shared.jobs.get(jobId)).toMatchObject({ state: 'running', done: 5, total: 8 });
    expect(driver.score(jobId, 5)).toBe(3);
    expect(shared.jobs.get(jobId)?.state).toBe('done');
    const scores = await call<{ items: Array<{ variantId: number; faces: unknown[] }> }>('quality.scores', {
      ids: [6, 7, 9],
    });
    expect(scores.items.map((s) => [s.variantId, s.faces.length])).toEqual([
      [6, 1],
      [7, 0],
    ]);
    expect(events).toEqual(expect.arrayContaining(['jobs.progress:', 'catalog.changed:scores']));
    const again = await call<{ jobId: number; count: number }>('quality.score', { filter: { runId: 1 } });
    expect(again.count).toBe(0);
    expect(shared.jobs.get(again.jobId)?.state).toBe('done');
    expect((await call<{ items: unknown[] }>('quality.checks', {})).items).toHaveLength(3);
  });
});
