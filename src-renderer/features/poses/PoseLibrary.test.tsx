// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Pose } from '../../../src-main/contract';
import { createFakeStudio } from '../../testing/fakeStudio';
import { renderWithStudio, stubLayout } from '../../testing/dom';
import { PoseLibrary } from './PoseLibrary';

// Konva needs a real 2D canvas, which jsdom lacks; the stage is checked in the browser e2e.
vi.mock('./detail/PoseStage', () => ({
  PoseStage: ({ pose }: { pose: Pose }) => <div data-testid="pose-stage">stage {pose.id}</div>,
}));

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(800, 600);
});
afterEach(() => {
  cleanup();
  restore();
});

const card = (id: number) =>
  screen.getByTestId('pose-grid').querySelector<HTMLElement>(`[data-pose-id="${id}"]`)!;

async function setup(poses = 30) {
  const fake = createFakeStudio({ poses });
  renderWithStudio(fake.connection, <PoseLibrary />);
  await screen.findByText(`${poses} poses`);
  await waitFor(() => expect(card(1)).not.toBeNull());
  return fake;
}

describe('PoseLibrary', () => {
  it('shows the count and a grid of cards fetched in pages', async () => {
    const fake = await setup(30);
    expect(screen.getAllByTestId('pose-card').length).toBeGreaterThanOrEqual(10);
    const listCalls = fake.callsOf('poses.list');
    expect(listCalls.every(({ input }) => (input as { limit: number }).limit <= 500)).toBe(true);
  });

  it('click selects and opens the details; Ctrl-click and Shift-click extend the selection', async () => {
    await setup(30);
    fireEvent.click(card(1));
    expect(card(1).getAttribute('aria-selected')).toBe('true');
    const panel = await screen.findByTestId('detail-panel');
    expect(within(panel).getByText('Pose #1')).toBeTruthy();
    await within(panel).findByText('5/17 labeled, 17 visible');
    fireEvent.click(card(3), { ctrlKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
    fireEvent.click(card(6), { shiftKey: true });
    await waitFor(() => expect(screen.getByTestId('selection-count').textContent).toBe('4 selected'));
    expect(card(1).getAttribute('aria-selected')).toBe('false');
    expect(card(5).getAttribute('aria-selected')).toBe('true');
  });

  it('tags the selection, then filters by the new tag', async () => {
    const fake = await setup(30);
    fireEvent.click(card(2));
    fireEvent.click(card(4), { metaKey: true });
    fireEvent.change(screen.getByTestId('selection-tag-input'), { target: { value: 'keep' } });
    fireEvent.click(screen.getByTestId('selection-tag-add'));
    await screen.findByText('Tags changed on 2 poses');
    expect(fake.callsOf('poses.tag')[0]?.input).toEqual({ ids: [2, 4], add: ['keep'], remove: [] });
    const tagSelect = screen.getByTestId('filter-tag');
    await within(tagSelect).findByText('keep (2)');
    fireEvent.change(tagSelect, { target: { value: 'tag:keep' } });
    await screen.findByText('2 poses');
  });

  it('Ctrl+A selects the whole filter result and Delete removes it after a confirm', async () => {
    const fake = await setup(30);
    const grid = screen.getByTestId('pose-grid');
    fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('30 selected');
    fireEvent.keyDown(grid, { key: 'Delete' });
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(within(dialog).getByText('Delete 30 poses?')).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId('confirm-ok'));
    await screen.findByTestId('library-empty');
    expect(screen.getByTestId('pose-count').textContent).toBe('0 poses');
    const deleteInput = fake.callsOf('poses.delete')[0]?.input as { ids: number[] };
    expect(deleteInput.ids).toHaveLength(30);
  });

  it('moves focus with the arrows, opens with Enter and clears with Escape', async () => {
    await setup(30);
    const grid = screen.getByTestId('pose-grid');
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const focusedId = grid.getAttribute('aria-activedescendant');
    expect(focusedId).toBe('pose-card-7');
    fireEvent.keyDown(grid, { key: ' ' });
    expect(card(7).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid, { key: 'Enter' });
    await screen.findByText('Pose #7');
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(screen.getByTestId('selection-count').textContent).toBe('Nothing selected');
  });

  it('exports the selection by ids and offers the download link', async () => {
    const fake = await setup(30);
    fireEvent.click(card(3));
    fireEvent.click(card(5), { ctrlKey: true });
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'openpose' } });
    fireEvent.click(screen.getByTestId('export-selection'));
    const link = await screen.findByTestId('export-download');
    expect(link.getAttribute('href')).toBe('http://studio/api/exports/poses-openpose.json?token=t');
    expect(fake.callsOf('poses.export')[0]?.input).toEqual({ filter: { ids: [3, 5] }, format: 'openpose' });
  });

  it('filters by minimum labeled keypoints', async () => {
    const fake = await setup(30);
    fireEvent.change(screen.getByTestId('filter-min-labeled'), { target: { value: '15' } });
    const expected = fake.state.poses.filter((pose) => pose.labeledCount >= 15).length;
    await screen.findByText(`${expected} poses`);
  });
});
