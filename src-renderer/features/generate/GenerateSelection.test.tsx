// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Pose } from '../../../src-main/contract';
import { ApiProvider } from '../../api/ApiContext';
import { App } from '../../app/App';
import { stubLayout } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';

// Konva needs a real 2D canvas, which jsdom lacks.
vi.mock('../poses/detail/PoseStage', () => ({
  PoseStage: ({ pose }: { pose: Pose }) => <div data-testid="pose-stage">stage {pose.id}</div>,
}));

let restore: () => void;
beforeEach(() => {
  window.location.hash = '#/poses';
  restore = stubLayout(1000, 700);
});
afterEach(() => {
  cleanup();
  restore();
});

async function openLibrary(poses: number) {
  const fake = createFakeStudio({ poses });
  render(
    <ApiProvider connection={fake.connection}>
      <App />
    </ApiProvider>,
  );
  await screen.findByText(`${poses} poses`);
  return fake;
}

const card = (id: number) =>
  screen.getByTestId('pose-grid').querySelector<HTMLElement>(`[data-pose-id="${id}"]`)!;
const plan = () => screen.getByTestId('generate-plan').textContent;

describe('library selection on the Generate page', () => {
  it('carries an explicit selection as ids, and the library keeps it on return', async () => {
    const fake = await openLibrary(20);
    await waitFor(() => expect(card(4)).not.toBeNull());
    fireEvent.click(card(2), { ctrlKey: true });
    fireEvent.click(card(4), { ctrlKey: true });
    fireEvent.click(screen.getByTestId('nav-generate'));

    await screen.findByTestId('page-generate');
    expect(screen.getByTestId('poses-selection')).toHaveProperty('checked', true);
    expect(screen.getByTestId('generate-poses').textContent).toContain('Library selection (2 selected)');
    await waitFor(() => expect(plan()).toBe('2 poses → 10 variants'));
    await waitFor(() => expect(screen.getByTestId('generate-start')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('generate-start'));
    await screen.findByTestId('generate-started');
    expect(fake.callsOf('generate.start')[0]?.input).toMatchObject({
      poses: { ids: [2, 4] },
      variantsPerPose: 5,
    });

    fireEvent.click(screen.getByTestId('nav-poses'));
    await screen.findByTestId('page-poses');
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
  });

  it('passes a select-all as the library filter, and resolves exclusions to ids', async () => {
    const fake = await openLibrary(20);
    fireEvent.change(screen.getByTestId('filter-min-labeled'), { target: { value: '15' } });
    const matching = fake.state.poses.filter((pose) => pose.labeledCount >= 15).map((pose) => pose.id);
    await screen.findByText(`${matching.length} poses`);
    fireEvent.keyDown(screen.getByTestId('pose-grid'), { key: 'a', ctrlKey: true });
    fireEvent.click(screen.getByTestId('nav-generate'));
    await waitFor(() => expect(plan()).toBe(`${matching.length} poses → ${matching.length * 5} variants`));
    fireEvent.click(screen.getByTestId('generate-start'));
    await screen.findByTestId('generate-started');
    expect(fake.callsOf('generate.start')[0]?.input).toMatchObject({ poses: { minLabeled: 15 } });

    fireEvent.click(screen.getByTestId('nav-poses'));
    await waitFor(() => expect(card(matching[0]!)).not.toBeNull());
    fireEvent.click(card(matching[0]!), { ctrlKey: true });
    fireEvent.click(screen.getByTestId('nav-generate'));
    await waitFor(() =>
      expect(plan()).toBe(`${matching.length - 1} poses → ${(matching.length - 1) * 5} variants`),
    );
    await waitFor(() => expect(screen.getByTestId('generate-start')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('generate-start'));
    await waitFor(() => expect(fake.callsOf('generate.start')).toHaveLength(2));
    expect(fake.callsOf('generate.start')[1]?.input).toMatchObject({ poses: { ids: matching.slice(1) } });
  });
});
