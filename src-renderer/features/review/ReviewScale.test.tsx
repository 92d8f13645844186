// @vitest-environment jsdom
/**
 * The review grid at 600k variants (40,000 poses x 15): rows are synthesized by a stand-in for
 * `review.page`, so only what the page asks for exists. Checks that the DOM holds only the rows
 * on screen, that scrolling far or paging with the keyboard fetches a handful of pages rather than
 * everything in between, and that the row cache stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type {
  MethodInput,
  MethodName,
  ProjectInfo,
  ReviewPage,
  ReviewVariant,
} from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { ReviewPage as ReviewPageView } from './ReviewPage';
import { layOutPage } from './testSetup';
import { ROW_HEIGHT } from './ReviewGrid';

const POSES = 40_000;
const PER_POSE = 15;

layOutPage();

/** One page of synthetic rows: pose `i + 1` has variants `(i + 1) * 100 + k`. */
function synthPage(input: MethodInput<'review.page'>): ReviewPage {
  const offset = input.offset ?? 0;
  const limit = Math.min(input.limit ?? 50, POSES - offset);
  const template = createFakeStudio({ review: { poses: 1, variantsPerPose: 1 } }).state.review;
  const base = template.variants[0]!;
  const rows = Array.from({ length: Math.max(0, limit) }, (_, i) => {
    const poseId = offset + i + 1;
    const variants = Array.from({ length: PER_POSE }, (_, k): ReviewVariant => ({
      ...base,
      id: poseId * 100 + k,
      poseId,
      index: k,
    }));
    return { poseId, pose: template.poses[0]!.pose, variants };
  });
  const counts = { unreviewed: POSES * PER_POSE, accepted: 0, rejectedHand: 0, rejectedAuto: 0 };
  return { rows, totalRows: POSES, totalVariants: POSES * PER_POSE, counts };
}

function setup() {
  const fake = createFakeStudio({ review: { poses: 1, variantsPerPose: 1 } });
  const pages: number[] = [];
  const { client } = fake.connection;
  const call = (async (method: MethodName, input: never) => {
    if (method !== 'review.page') return client.call(method, input);
    const page = input as MethodInput<'review.page'>;
    pages.push(page.offset ?? 0);
    return synthPage(page);
  }) as typeof client.call;
  const project: ProjectInfo = { path: '/p/big', name: 'big', schemaVersion: 1, poseCount: POSES };
  renderWithStudio(
    { ...fake.connection, client: { ...client, call } },
    <ReviewPageView project={project} onOpenProject={() => undefined} />,
  );
  return { pages };
}

const grid = () => screen.getByTestId('review-grid');
const poseIds = () =>
  screen.getAllByTestId('review-row').map((row) => Number(row.getAttribute('data-pose-id')));

describe('Review grid at 600k variants', () => {
  it('renders only the rows on screen and fetches only the pages it shows', async () => {
    const { pages } = setup();
    await waitFor(() => expect(grid().querySelector('[data-variant-id="100"]')).not.toBeNull());
    expect(screen.getByTestId('review-totals').textContent).toBe('600,000 variants of 40,000 poses');
    expect(screen.getAllByTestId('review-row').length).toBeLessThanOrEqual(12);
    expect(screen.getAllByTestId('review-tile').length).toBeLessThanOrEqual(12 * PER_POSE);
    expect(pages).toEqual([0]);

    // Jump half way down: one or two pages around row 20,000, nothing in between.
    Object.defineProperty(grid(), 'scrollTop', { configurable: true, value: 20_000 * ROW_HEIGHT });
    fireEvent.scroll(grid());
    await waitFor(() => expect(poseIds()).toContain(20_001));
    expect(pages.length).toBeLessThanOrEqual(3);
    expect(pages.slice(1).every((offset) => offset >= 19_950 && offset <= 20_050)).toBe(true);
    expect(screen.getAllByTestId('review-row').length).toBeLessThanOrEqual(12);
  });

  it('pages through rows with the keyboard, fetching pages as it goes, quickly', async () => {
    const { pages } = setup();
    await waitFor(() => expect(grid().querySelector('[data-variant-id="100"]')).not.toBeNull());
    const element = grid();
    const started = performance.now();
    for (let i = 0; i < 300; i += 1) fireEvent.keyDown(element, { key: 'ArrowDown' });
    const perKey = (performance.now() - started) / 300;
    await waitFor(() =>
      expect(element.getAttribute('aria-activedescendant')).toBe(`review-tile-${301 * 100}`),
    );
    // The virtualizer does not follow in jsdom (no layout), so rows load as the focus needs them.
    expect(pages.length).toBeLessThanOrEqual(8);
    // Generous for jsdom on a shared CI core; a browser is far quicker.
    expect(perKey).toBeLessThan(50);
    console.info(`review grid: ${perKey.toFixed(2)} ms per ArrowDown in jsdom at 600k variants`);
  });
});
