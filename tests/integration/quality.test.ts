/**
 * Integration: scoring and review through the contract on generated mannequin variants, with a
 * stand-in scorer (tests/helpers/fakeScorer.ts) in real quality worker threads: a scoring job over
 * the project (scores, faces, derived near-duplicates, events), pause and resume doing only what is
 * left, scoring again only what is new, an unreadable image; rules previewed then applied (the
 * counts match), the review grid's states, undo, and a hand decision overriding a rule.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createMemoryTransport,
  type QualityRule,
  type StudioClient,
} from '../../src-main/contract';
import { fillSampleProject } from '../../src-main/core/node/sample';
import { createStudio, type Studio } from '../../src-main/core/studio';
import { fakeScorerModule } from '../helpers/fakeScorer';
import { catalogRows, waitForJob } from '../helpers/generation';
import { tempDir } from '../helpers/paths';
import { allVariantIds } from '../helpers/training';

let studio: Studio;
let client: StudioClient;
const dir = join(tempDir(), 'project');

async function generate(variantsPerPose: number): Promise<number> {
  const run = await client.call('generate.start', {
    generator: 'mannequin',
    variantsPerPose,
    width: 64,
    height: 64,
    promptTemplate: 'a person in a {red|blue} shirt',
  });
  await waitForJob(client, run.jobId, ['done'], 120_000);
  return run.id;
}

async function score(input: { filter?: { runId?: number }; rescore?: boolean } = {}) {
  const queued = await client.call('quality.score', input);
  const job = await waitForJob(client, queued.jobId, ['done', 'failed'], 120_000);
  return { ...queued, job };
}

const scoredCount = () => catalogRows<{ n: number }>(dir, 'SELECT count(*) AS n FROM variant_quality')[0]!.n;

beforeAll(async () => {
  delete process.env.FAKE_SCORER_DELAY_MS;
  studio = await createStudio({
    transport: 'memory',
    projectDir: dir,
    create: true,
    validateOutput: true,
    scorerModule: fakeScorerModule,
    workers: 1,
  });
  client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
  await fillSampleProject(client, { perPreset: 1 });
  await generate(2);
}, 180_000);

afterAll(async () => {
  await studio?.close();
});

describe('scoring variants', () => {
  it('lists the checks with their ranges and default thresholds', async () => {
    const { items } = await client.call('quality.checks', {});
    expect(items.map((check) => check.id)).toContain('face.landmarks');
    for (const check of items)
      expect(check.min <= check.defaultThreshold && check.defaultThreshold <= check.max).toBe(true);
  });

  it('scores every variant in worker threads and derives near-duplicates per pose', async () => {
    const changed: string[] = [];
    const stop = client.on('catalog.changed', (event) => changed.push(event.entity));
    const ids = await allVariantIds(client);
    const { count, job } = await score();
    stop();
    expect(count).toBe(ids.length);
    expect(job).toMatchObject({ state: 'done', kind: 'score', done: ids.length, total: ids.length });
    expect(changed).toContain('scores');
    const { items } = await client.call('quality.scores', { ids: ids.slice(0, 200) });
    expect(items).toHaveLength(Math.min(200, ids.length));
    expect(items[0]!.scores['image.blur']).toEqual(expect.any(Number));
    expect(items.some((item) => item.faces.length === 1)).toBe(true);
    // The first variant (by id) of each pose has no earlier sibling: its duplicate score does not apply.
    const firsts = catalogRows<{ first: number; n: number; variants: number }>(
      dir,
      `SELECT v.id = (SELECT min(w.id) FROM variants w WHERE w.pose_id = v.pose_id) AS first, count(s.value) AS n,
         count(*) AS variants
       FROM variants v LEFT JOIN variant_scores s ON s.variant_id = v.id
         AND s.check_id = (SELECT id FROM quality_checks WHERE name = 'image.duplicate')
       GROUP BY 1 ORDER BY 1`,
    );
    expect(firsts).toEqual([
      { first: 0, n: ids.length / 2, variants: ids.length / 2 },
      { first: 1, n: 0, variants: ids.length / 2 },
    ]);
    const again = await score();
    expect([again.count, again.job.state]).toEqual([0, 'done']);
  });

  it('pauses and resumes a rescoring job, doing only what is left', async () => {
    process.env.FAKE_SCORER_DELAY_MS = '40';
    await studio.close(); // workers read the delay when they start
    studio = await createStudio({
      transport: 'memory',
      projectDir: dir,
      scorerModule: fakeScorerModule,
      workers: 1,
    });
    client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    const total = scoredCount();
    const { jobId, count } = await client.call('quality.score', { rescore: true });
    expect(count).toBe(total);
    const deadline = Date.now() + 30_000;
    while ((await client.call('jobs.list', {})).items.find((j) => j.id === jobId)!.done < 5) {
      if (Date.now() > deadline) throw new Error('scoring did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await client.call('jobs.pause', { id: jobId })).toEqual({ paused: true });
    const paused = await waitForJob(client, jobId, ['paused']);
    const left = catalogRows<{ n: number }>(
      dir,
      'SELECT count(*) AS n FROM score_queue WHERE job_id = ?',
      jobId,
    )[0]!.n;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(total);
    process.env.FAKE_SCORER_DELAY_MS = '0';
    expect(await client.call('jobs.resume', { id: jobId })).toEqual({ resumed: true });
    const done = await waitForJob(client, jobId, ['done'], 60_000);
    expect(done.done).toBe(total);
    expect(paused.done).toBeGreaterThanOrEqual(5);
    expect(scoredCount()).toBe(total);
    const stamps = catalogRows<{ n: number }>(
      dir,
      'SELECT count(DISTINCT variant_id) AS n FROM variant_quality WHERE scored_at > 0',
    );
    expect(stamps[0]!.n).toBe(total);
  });

  it('scores only new variants after another run, and counts an unreadable image as failed', async () => {
    const before = scoredCount();
    const runId = await generate(1);
    const fresh = await score();
    expect(fresh.count).toBe(scoredCount() - before);
    const [victim] = catalogRows<{ path: string }>(
      dir,
      'SELECT m.path FROM variants v JOIN media m ON m.id = v.rgb_media WHERE v.run_id = ? ORDER BY v.id LIMIT 1',
      runId,
    );
    rmSync(join(dir, 'media', victim!.path));
    const rescored = await score({ filter: { runId }, rescore: true });
    expect(rescored.job.state).toBe('done');
    expect(rescored.job.message).toMatch(/1 failed/);
  });
});

describe('scoring as variants are made', () => {
  it('queues a scoring job over a run asking for it when the run is done', async () => {
    const run = await client.call('generate.start', {
      generator: 'mannequin',
      variantsPerPose: 1,
      width: 64,
      height: 64,
      scoreAfter: true,
    });
    expect(run.request.scoreAfter).toBe(true);
    await waitForJob(client, run.jobId, ['done'], 120_000);
    const deadline = Date.now() + 10_000;
    let scoreJob = (await client.call('jobs.list', {})).items.find(
      (job) => job.kind === 'score' && job.id > run.jobId,
    );
    while (!scoreJob && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      scoreJob = (await client.call('jobs.list', {})).items.find(
        (job) => job.kind === 'score' && job.id > run.jobId,
      );
    }
    expect(scoreJob).toBeDefined();
    await waitForJob(client, scoreJob!.id, ['done'], 60_000);
    const unscored = catalogRows<{ n: number }>(
      dir,
      'SELECT count(*) AS n FROM variants v WHERE v.run_id = ? AND NOT EXISTS (SELECT 1 FROM variant_quality q WHERE q.variant_id = v.id)',
      run.id,
    );
    expect(unscored).toEqual([{ n: 0 }]);
    expect(scoreJob!.total).toBe(run.total);
  });
});

describe('rules and review', () => {
  const rules = async (): Promise<QualityRule[]> =>
    (await client.call('quality.checks', {})).items.map((check) => ({
      check: check.id,
      threshold: check.defaultThreshold,
      enabled: true,
    }));

  it('applies what the preview showed, as one batch that undo takes back', async () => {
    const all = await rules();
    const preview = await client.call('quality.preview', { rules: all, sample: 3 });
    expect(preview.total).toBeGreaterThan(0);
    expect(preview.considered).toBe(scoredCount());
    for (const rule of preview.perRule) expect(rule.sample.length).toBe(Math.min(3, rule.count));
    const applied = await client.call('quality.apply', { rules: all });
    expect(applied.rejected).toBe(preview.total);
    expect(applied.batch).toMatchObject({ by: 'auto', count: preview.total, undone: false });
    const page = await client.call('review.page', {
      filter: { states: ['rejected-auto'] },
      limit: 200,
      variantsPerRow: 64,
    });
    expect(page.totalVariants).toBe(preview.total);
    expect(page.counts.rejectedAuto).toBe(preview.total);
    const reasons = page.rows.flatMap((row) => row.variants.map((v) => v.reason ?? ''));
    expect(reasons.every((reason) => reason.startsWith('auto: '))).toBe(true);
    expect((await client.call('quality.preview', { rules: all })).total).toBe(preview.total); // idempotent
    const undone = await client.call('review.undo', {});
    expect(undone).toMatchObject({ restored: preview.total, batch: { id: applied.batch!.id, undone: true } });
    expect((await client.call('review.page', {})).counts.rejectedAuto).toBe(0);
  });

  it('lets a hand decision override a rule, which then leaves it alone; each decision undoable', async () => {
    const all = await rules();
    const applied = await client.call('quality.apply', { rules: all });
    const page = await client.call('review.page', { filter: { states: ['rejected-auto'] }, limit: 1 });
    const id = page.rows[0]!.variants[0]!.id;
    const accepted = await client.call('variants.review', { ids: [id], status: 'accepted' });
    expect(accepted).toMatchObject({ updated: 1, batch: { by: 'hand', label: 'accepted 1 variant' } });
    const again = await client.call('quality.preview', { rules: all });
    expect(again.total).toBe(applied.rejected - 1);
    const second = await client.call('quality.apply', { rules: all });
    expect(second).toMatchObject({ rejected: applied.rejected - 1, batch: null }); // nothing left to change
    const rows = (await client.call('review.page', { filter: { states: ['accepted'] } })).rows;
    expect(rows.flatMap((r) => r.variants.map((v) => v.id))).toContain(id);
    const batches = (await client.call('review.batches', { limit: 5 })).items;
    expect(batches.map((b) => b.id).slice(0, 2)).toEqual([accepted.batch!.id, applied.batch!.id]);
    expect(await client.call('review.undo', { batchId: accepted.batch!.id })).toMatchObject({ restored: 1 });
    const state = catalogRows<{ status: string; by: string }>(
      dir,
      'SELECT status, decided_by AS by FROM variants WHERE id = ?',
      id,
    );
    expect(state).toEqual([{ status: 'rejected', by: 'auto' }]);
  });
});
