// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { QualityRule, ReviewFilter, ReviewSort } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import type { FakeReviewOptions } from '../../testing/fakeReview';
import { ReviewPage } from './ReviewPage';
import { DEMO_PROJECT as project, layOutPage } from './testSetup';

layOutPage();

type Fake = ReturnType<typeof createFakeStudio>;

async function setup(
  review: FakeReviewOptions = { poses: 12, variantsPerPose: 4 },
  prepare?: (fake: Fake) => Promise<void>,
) {
  const fake = createFakeStudio({ review, poses: 4 });
  await prepare?.(fake);
  renderWithStudio(fake.connection, <ReviewPage project={project} onOpenProject={() => undefined} />);
  await waitFor(() => expect(tileState(1)).toBeDefined());
  return fake;
}

const byId = (testId: string) => screen.getByTestId(testId);
const text = (testId: string) => byId(testId).textContent;
const change = (testId: string, value: string) => fireEvent.change(byId(testId), { target: { value } });
const tileState = (id: number) =>
  screen
    .queryByTestId('review-grid')
    ?.querySelector(`[data-variant-id="${id}"]`)
    ?.getAttribute('data-state') ?? undefined;
const lastPage = (fake: Fake) =>
  fake.callsOf('review.page').at(-1)?.input as { filter: ReviewFilter; sort: ReviewSort };
const lastPreview = (fake: Fake) => fake.callsOf('quality.preview').at(-1)?.input as { rules: QualityRule[] };

describe('Review page: filters', () => {
  it('sends the state, generator, run, tag, prompt and score filters, and the sort, to review.page', async () => {
    const fake = await setup(undefined, async (f) => {
      f.state.poses[0]!.tags = ['keep'];
      await f.connection.client.call('generate.start', { variantsPerPose: 2 });
    });
    fireEvent.click(byId('review-filter-state-unreviewed'));
    await waitFor(() => expect(lastPage(fake).filter).toEqual({ states: ['unreviewed'] }));
    expect(byId('review-filter-state-unreviewed').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(byId('review-filter-state-rejected-auto'));
    await waitFor(() => expect(lastPage(fake).filter).toEqual({ states: ['unreviewed', 'rejected-auto'] }));
    // The counts stay visible for every state whatever the state filter.
    expect(text('review-count-accepted')).toBe('0');

    await within(byId('review-filter-generator')).findByText('sd-controlnet');
    change('review-filter-generator', 'sd-controlnet');
    await within(byId('review-filter-run')).findByText('Run #1');
    change('review-filter-run', '1');
    await within(byId('review-filter-tag')).findByText('keep');
    change('review-filter-tag', 'keep');
    change('review-filter-prompt', 'dancer');
    change('review-range-blur-max', '500');
    change('review-range-face_landmarks-min', '0.2');
    await waitFor(() =>
      expect(lastPage(fake).filter).toEqual({
        states: ['unreviewed', 'rejected-auto'],
        scores: [
          { check: 'face_landmarks', min: 0.2 },
          { check: 'blur', max: 500 },
        ],
        generator: 'sd-controlnet',
        promptContains: 'dancer',
        tag: 'keep',
        runId: 1,
      }),
    );
    expect(text('review-range-blur-text')).toBe('0 – 500');

    change('review-sort', 'blur:worst-first');
    await waitFor(() => expect(lastPage(fake).sort).toEqual({ by: 'blur', dir: 'worst-first' }));
    fireEvent.click(byId('review-filter-clear'));
    await waitFor(() => expect(lastPage(fake).filter).toEqual({}));
    expect(text('review-range-blur-text')).toBe('0 – 1000');
  });

  it('shows only matching variants and says when none match', async () => {
    await setup();
    change('review-filter-prompt', 'dancer');
    await waitFor(() => expect(tileState(1)).toBeUndefined());
    const prompts = screen.getAllByTestId('review-tile').map((t) => t.getAttribute('title'));
    expect(prompts.every((p) => p === 'a dancer in blue')).toBe(true);
    change('review-filter-prompt', 'nobody types this');
    await screen.findByTestId('review-empty');
    expect(text('review-empty')).toBe('No variant matches these filters.');
  });
});

describe('Review page: rules', () => {
  it('previews per-rule counts, applies after a confirmation, and undoes the batch', async () => {
    const fake = await setup();
    const all = fake.state.review.variants;
    const failing = (check: string, bad: (x: number) => boolean) =>
      all.filter((v) => v.scores?.[check] != null && bad(v.scores[check]!));
    const blur = failing('blur', (x) => x < 100);
    const landmarks = failing('face_landmarks', (x) => x > 0.25);
    const sharpness = failing('face_sharpness', (x) => x < 30);
    await waitFor(() => expect(text('review-rule-count-blur')).toBe(String(blur.length)));
    expect(text('review-rule-count-face_landmarks')).toBe(String(landmarks.length));
    expect(text('review-rule-count-face_sharpness')).toBe(String(sharpness.length));
    const union = new Set([...blur, ...landmarks, ...sharpness].map((v) => v.id));
    expect(text('review-rules-preview-total')).toBe(String(union.size));
    expect(byId('review-rule-sample-blur').querySelectorAll('img').length).toBe(Math.min(6, blur.length));

    change('review-rule-blur', '300');
    await waitFor(() =>
      expect(text('review-rule-count-blur')).toBe(String(failing('blur', (x) => x < 300).length)),
    );
    expect(lastPreview(fake).rules).toContainEqual({ check: 'blur', threshold: 300, enabled: true });
    fireEvent.click(byId('review-rule-face_sharpness-enabled'));
    await waitFor(() =>
      expect(lastPreview(fake).rules.map((r) => r.check)).toEqual(['face_landmarks', 'blur']),
    );
    expect(text('review-rule-count-face_sharpness')).toBe('–');
    const expected = new Set([...failing('blur', (x) => x < 300), ...landmarks].map((v) => v.id));
    await waitFor(() => expect(text('review-rules-preview-total')).toBe(String(expected.size)));

    fireEvent.click(byId('review-rules-apply'));
    const dialog = await screen.findByTestId('review-rules-dialog');
    expect(within(dialog).getByTestId('review-rules-confirm').textContent).toBe(
      `Reject ${expected.size} variants`,
    );
    expect(fake.callsOf('quality.apply')).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('review-rules-confirm'));
    await waitFor(() => expect(fake.callsOf('quality.apply')).toHaveLength(1));
    expect(fake.callsOf('quality.apply')[0]?.input).toEqual({ rules: lastPreview(fake).rules, filter: {} });
    expect((await screen.findByTestId('review-rules-applied')).textContent).toContain(
      `Rejected ${expected.size} variants`,
    );
    await waitFor(() => expect(tileState(1)).toBe('rejected-auto'));
    await waitFor(() => expect(text('review-count-rejected-auto')).toBe(String(expected.size)));

    const batch = await screen.findByTestId('review-batch-undo-1');
    expect(batch.closest('[data-testid="review-batch"]')?.textContent).toContain(
      `Rules rejected ${expected.size} variants`,
    );
    fireEvent.click(batch);
    await waitFor(() => expect(tileState(1)).toBe('unreviewed'));
    expect(fake.callsOf('review.undo')[0]?.input).toEqual({ batchId: 1 });
    await waitFor(() => expect(byId('review-batch-undo-1')).toHaveProperty('disabled', true));
  });
});

describe('Review page: scoring', () => {
  it('scores unscored variants with progress and controls, and the grid refreshes as scores arrive', async () => {
    const fake = await setup({ poses: 6, variantsPerPose: 4, scored: false });
    expect(screen.queryAllByTestId('review-tile-fails')).toHaveLength(0);
    fireEvent.click(byId('review-score-start'));
    await waitFor(() => expect(fake.callsOf('quality.score')).toHaveLength(1));
    expect(fake.callsOf('quality.score')[0]?.input).toEqual({ filter: {} });
    const jobId = [...fake.state.generation.jobs.values()].find((job) => job.kind === 'quality-score')!.id;
    await waitFor(() => expect(byId('review-score-start')).toHaveProperty('disabled', true));

    act(() => void fake.review.score(jobId, 10));
    await waitFor(() =>
      expect(text('review-score-detail')).toBe(
        'Scoring: 41% · 10 variants of 24 variants · 10 variants/s · 1 s left',
      ),
    );
    await waitFor(() => expect(screen.getAllByTestId('review-tile-fails').length).toBeGreaterThan(0));

    fireEvent.click(byId('review-score-pause'));
    await waitFor(() => expect(byId('review-score-detail').getAttribute('data-state')).toBe('paused'));
    expect(fake.callsOf('jobs.pause')[0]?.input).toEqual({ id: jobId });
    fireEvent.click(byId('review-score-resume'));
    await waitFor(() => expect(byId('review-score-detail').getAttribute('data-state')).toBe('running'));
    fireEvent.click(byId('review-score-cancel'));
    await waitFor(() => expect(byId('review-score-detail').getAttribute('data-state')).toBe('cancelled'));
    expect(screen.queryByTestId('review-score-pause')).toBeNull();
    expect(byId('review-score-start')).toHaveProperty('disabled', false);
  });

  it('says when there is nothing to score', async () => {
    const fake = await setup({ poses: 2, variantsPerPose: 2 });
    fireEvent.click(byId('review-score-start'));
    await screen.findByTestId('review-score-nothing');
    expect(fake.callsOf('quality.score')).toHaveLength(1);
  });
});
