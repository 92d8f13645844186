// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import type { FakeReviewOptions } from '../../testing/fakeReview';
import { ReviewPage } from './ReviewPage';
import { DEMO_PROJECT as project, layOutPage } from './testSetup';

layOutPage();

type Fake = ReturnType<typeof createFakeStudio>;

async function setup(
  review: FakeReviewOptions = { poses: 12, variantsPerPose: 4 },
  prepare?: (fake: Fake) => void,
) {
  const fake = createFakeStudio({ review });
  prepare?.(fake);
  renderWithStudio(fake.connection, <ReviewPage project={project} onOpenProject={() => undefined} />);
  await waitFor(() => expect(tile(1)).not.toBeNull());
  return fake;
}

/** Variant id of pose `pose`, variant `index` in the fake (4 per pose unless told). */
const vid = (pose: number, index: number, perPose = 4) => (pose - 1) * perPose + index + 1;
const grid = () => screen.getByTestId('review-grid');
const tile = (id: number) =>
  screen.queryByTestId('review-grid')?.querySelector<HTMLElement>(`[data-variant-id="${id}"]`) ?? null;
const stateOf = (id: number) => tile(id)?.getAttribute('data-state');
const focused = () => grid().getAttribute('aria-activedescendant');
const press = (key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean } = {}) =>
  fireEvent.keyDown(grid(), { key, ...mods });
const count = (state: string) => screen.getByTestId(`review-count-${state}`).textContent;
const selectedIds = () =>
  [...grid().querySelectorAll('[aria-selected="true"]')].map((el) =>
    Number(el.getAttribute('data-variant-id')),
  );

describe('Review page: the grid', () => {
  it('shows pose rows of variant tiles fetched in pages, with counts and the skeleton overlay', async () => {
    const fake = await setup();
    expect(screen.getByTestId('review-page')).toBeTruthy();
    const rows = screen.getAllByTestId('review-row');
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBeLessThan(12);
    expect(
      within(rows[0]!)
        .getAllByTestId('review-tile')
        .map((t) => t.getAttribute('data-variant-id')),
    ).toEqual(['1', '2', '3', '4']);
    expect(stateOf(1)).toBe('unreviewed');
    expect(tile(1)?.querySelector('img')?.getAttribute('loading')).toBe('lazy');
    expect(tile(1)?.querySelector('img')?.getAttribute('src')).toBe(
      'http://studio/media/00/0001.webp?token=t',
    );
    await waitFor(() => expect(count('unreviewed')).toBe('48'));
    expect(count('accepted')).toBe('0');
    expect(screen.getByTestId('review-totals').textContent).toBe('48 variants of 12 poses');
    const pages = fake
      .callsOf('review.page')
      .map((c) => c.input as { limit: number; variantsPerRow: number });
    expect(pages.every((input) => input.limit <= 200 && input.variantsPerRow === 16)).toBe(true);

    expect(tile(1)?.querySelector('svg.review-overlay')).not.toBeNull();
    fireEvent.click(screen.getByTestId('review-overlay-toggle'));
    expect(tile(1)?.querySelector('svg.review-overlay')).toBeNull();
    press('o');
    expect(tile(1)?.querySelector('svg.review-overlay')).not.toBeNull();
  });

  it('moves the focus with the arrows: within a row, across rows, to the row ends', async () => {
    await setup();
    expect(focused()).toBe(`review-tile-${vid(1, 0)}`);
    press('ArrowRight');
    expect(focused()).toBe(`review-tile-${vid(1, 1)}`);
    press('ArrowDown');
    expect(focused()).toBe(`review-tile-${vid(2, 1)}`);
    press('ArrowLeft');
    press('ArrowLeft');
    expect(focused()).toBe(`review-tile-${vid(2, 0)}`);
    press('ArrowUp');
    expect(focused()).toBe(`review-tile-${vid(1, 0)}`);
    press('End');
    expect(focused()).toBe(`review-tile-${vid(1, 3)}`);
    press('ArrowRight');
    expect(focused()).toBe(`review-tile-${vid(1, 3)}`);
    expect(tile(vid(1, 3))?.className).toContain('review-tile--focused');
  });

  it('extends the selection with Shift+arrows in reading order; a plain move clears it', async () => {
    await setup();
    press('End');
    press('ArrowDown', { shiftKey: true });
    expect(selectedIds()).toEqual([4, 5, 6, 7, 8]);
    expect(screen.getByTestId('review-totals').textContent).toContain('5 selected');
    press('ArrowLeft', { shiftKey: true });
    expect(selectedIds()).toEqual([4, 5, 6, 7]);
    press('ArrowLeft');
    expect(selectedIds()).toEqual([]);
    fireEvent.click(tile(2)!);
    fireEvent.click(tile(10)!, { ctrlKey: true });
    expect(selectedIds()).toEqual([10]);
    fireEvent.click(tile(3)!, { shiftKey: true });
    expect(selectedIds()).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('Review page: decisions', () => {
  it('A and R decide at once, on the focus or the whole selection, and the counts follow', async () => {
    const fake = await setup();
    await waitFor(() => expect(count('unreviewed')).toBe('48'));
    press('a');
    expect(stateOf(1)).toBe('accepted');
    expect(count('accepted')).toBe('1');
    expect(count('unreviewed')).toBe('47');
    await waitFor(() => expect(fake.callsOf('variants.review')).toHaveLength(1));
    expect(fake.callsOf('variants.review')[0]?.input).toEqual({ ids: [1], status: 'accepted' });

    const pagesBefore = fake.callsOf('review.page').length;
    press('ArrowRight', { shiftKey: true });
    press('ArrowRight', { shiftKey: true });
    press('r');
    expect([1, 2, 3].map(stateOf)).toEqual(['rejected-hand', 'rejected-hand', 'rejected-hand']);
    expect(count('rejected-hand')).toBe('3');
    await waitFor(() => expect(fake.callsOf('variants.review')).toHaveLength(2));
    expect(fake.callsOf('variants.review')[1]?.input).toEqual({ ids: [1, 2, 3], status: 'rejected' });
    // After the refetch the studio's numbers agree: nothing counted twice.
    await waitFor(() => expect(fake.callsOf('review.page').length).toBeGreaterThan(pagesBefore));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([count('unreviewed'), count('accepted'), count('rejected-hand')]).toEqual(['45', '0', '3']);
    expect(fake.state.review.variants.slice(0, 3).map((v) => v.state)).toEqual([
      'rejected-hand',
      'rejected-hand',
      'rejected-hand',
    ]);
  });

  it('U calls review.undo and restores the tiles and counts; the toolbar Undo does the same', async () => {
    const fake = await setup();
    press('a');
    press('ArrowRight');
    press('r');
    await waitFor(() => expect(fake.callsOf('variants.review')).toHaveLength(2));
    press('u');
    await waitFor(() => expect(stateOf(2)).toBe('unreviewed'));
    expect(fake.callsOf('review.undo')[0]?.input).toEqual({});
    expect(stateOf(1)).toBe('accepted');
    expect(count('rejected-hand')).toBe('0');
    fireEvent.click(screen.getByTestId('review-undo'));
    await waitFor(() => expect(stateOf(1)).toBe('unreviewed'));
    await waitFor(() => expect(count('accepted')).toBe('0'));
    expect(count('unreviewed')).toBe('48');
  });

  it('U right after A undoes that A, since calls go out in key order', async () => {
    const fake = await setup();
    press('a');
    press('u');
    await waitFor(() => expect(fake.callsOf('review.undo')).toHaveLength(1));
    await waitFor(() => expect(stateOf(1)).toBe('unreviewed'));
    expect(fake.state.review.variants[0]?.state).toBe('unreviewed');
  });

  it('rolls a failed decision back and says so', async () => {
    const fake = await setup();
    await waitFor(() => expect(count('unreviewed')).toBe('48'));
    fake.state.review.failReview = 'disk full';
    press('a');
    expect(stateOf(1)).toBe('accepted');
    const alert = await screen.findByTestId('review-error');
    expect(alert.textContent).toContain(
      'Could not accept 1 variant; the change was rolled back. INTERNAL: disk full',
    );
    expect(stateOf(1)).toBe('unreviewed');
    expect(count('accepted')).toBe('0');
    expect(count('unreviewed')).toBe('48');
  });

  it('N jumps to the next unreviewed variant, loading further rows when it has to', async () => {
    await setup({ poses: 80, variantsPerPose: 4 }, (fake) => {
      for (const v of fake.state.review.variants.slice(0, 60 * 4 + 2)) v.state = 'accepted';
    });
    press('n');
    await waitFor(() => expect(focused()).toBe(`review-tile-${vid(61, 2)}`));
    press('ArrowRight');
    press('a');
    press('n');
    await waitFor(() => expect(focused()).toBe(`review-tile-${vid(62, 0)}`));
  });

  it('N says so when nothing is left to review', async () => {
    await setup({ poses: 2, variantsPerPose: 2 }, (fake) => {
      for (const v of fake.state.review.variants) v.state = 'accepted';
    });
    await waitFor(() => expect(count('unreviewed')).toBe('0'));
    press('n');
    expect((await screen.findByTestId('review-notice')).textContent).toBe(
      'No unreviewed variant in this view',
    );
  });
});

describe('Review page: preview and help', () => {
  it('Space opens the large preview with faces and pass/fail per check; Space or Escape closes it', async () => {
    await setup();
    press(' ');
    const preview = await screen.findByTestId('review-preview');
    expect(preview.getAttribute('data-variant-id')).toBe('1');
    expect(preview.querySelector('img')?.getAttribute('src')).toBe('http://studio/media/00/0001.png?token=t');
    // Variant 1: landmarks 0.37 (above 0.25 fails), sharpness 53 (not below 30), blur 89 (below 100 fails).
    const verdict = (check: string) =>
      within(preview).getByTestId(`review-preview-check-${check}`).getAttribute('data-verdict');
    expect([verdict('face_landmarks'), verdict('face_sharpness'), verdict('blur')]).toEqual([
      'fail',
      'pass',
      'fail',
    ]);
    await waitFor(() =>
      expect(within(preview).getByTestId('review-preview-faces').textContent).toBe('1 face detected'),
    );
    expect(within(preview).getAllByTestId('review-face-box')).toHaveLength(1);
    press('ArrowRight');
    expect(screen.getByTestId('review-preview').getAttribute('data-variant-id')).toBe('2');
    press('a');
    expect(screen.getByTestId('review-preview-state').textContent).toBe('Accepted');
    press(' ');
    expect(screen.queryByTestId('review-preview')).toBeNull();
    press(' ');
    await screen.findByTestId('review-preview');
    press('Escape');
    expect(screen.queryByTestId('review-preview')).toBeNull();
  });

  it("shows a ControlNet variant's condition map beside the image; a variant without one shows none", async () => {
    await setup(undefined, (fake) => {
      const variant = fake.state.review.variants.find((v) => v.id === 2)!;
      variant.generator = 'sd-controlnet';
      variant.media = { ...variant.media, condition: '00/0002-condition.png' };
    });
    press(' ');
    const preview = await screen.findByTestId('review-preview');
    expect(within(preview).queryByTestId('review-preview-condition')).toBeNull();
    press('ArrowRight');
    const condition = within(screen.getByTestId('review-preview')).getByTestId('review-preview-condition');
    expect(condition.querySelector('img')?.getAttribute('src')).toBe(
      'http://studio/media/00/0002-condition.png?token=t',
    );
    expect(condition.textContent).toBe('ControlNet condition');
    // The large image is still the variant's RGB.
    expect(screen.getByTestId('review-preview').querySelector('img')?.getAttribute('src')).toBe(
      'http://studio/media/00/0002.png?token=t',
    );
  });

  it('? opens the shortcuts help, which lists the keys', async () => {
    await setup();
    press('?');
    const help = await screen.findByTestId('review-help');
    expect(help.textContent).toContain('Next unreviewed variant');
    expect([...help.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(
      expect.arrayContaining(['A', 'R', 'U', 'N', 'Space', '?']),
    );
    fireEvent.keyDown(help, { key: 'Escape' });
    expect(screen.queryByTestId('review-help')).toBeNull();
  });

  it('asks for a project when none is open', () => {
    const fake = createFakeStudio();
    renderWithStudio(fake.connection, <ReviewPage project={null} onOpenProject={() => undefined} />);
    expect(screen.getByTestId('review-no-project').textContent).toContain('No project is open');
  });
});
