// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { loadPresets } from '../../../src-main/core/pose/presets';
import { ApiProvider } from '../../api/ApiContext';
import { App } from '../../app/App';
import { createFakeStudio } from '../../testing/fakeStudio';
import { shown } from './testing/canvasStandIn';
import { dirtyText, editorTestSetup, openedEditor, press, renderEditor } from './testing/renderEditor';

vi.mock('./canvas/EditorCanvas', () => import('./testing/canvasStandIn'));

editorTestSetup();

const title = () => screen.getByTestId('editor-title').textContent;

describe('Editor page: new poses', () => {
  it('starts a new pose from a preset on a chosen canvas, unsaved until Save creates it', async () => {
    const fake = createFakeStudio({ poses: 2 });
    renderEditor(fake, '#/editor');
    const dialog = await screen.findByTestId('editor-new');
    const preset = loadPresets()[1]!;
    expect(screen.getByTestId('editor-preset-list').querySelectorAll('svg').length).toBe(
      loadPresets().length,
    );
    fireEvent.click(screen.getByTestId(`editor-preset-${preset.name}`));
    fireEvent.change(screen.getByTestId('editor-new-size'), { target: { value: '1' } }); // 512 × 768
    fireEvent.click(screen.getByTestId('editor-new-create'));
    await waitFor(() => expect(title()).toBe('New pose'));
    expect(dialog.isConnected).toBe(false);
    expect(dirtyText()).toBe('Unsaved changes');
    expect(shown.editor?.state).toMatchObject({ width: 512, height: 768 });
    expect(fake.callsOf('poses.create')).toHaveLength(0);

    press('s', { ctrlKey: true });
    await waitFor(() => expect(title()).toBe('Pose #3'));
    expect(fake.callsOf('poses.create')[0]?.input).toMatchObject({
      width: 512,
      height: 768,
      origin: { kind: 'preset', ref: preset.name },
    });
    await waitFor(() => expect(window.location.hash).toBe('#/editor/3'));
    expect(dirtyText()).toBe('Saved');
    expect(fake.state.poses.at(-1)?.source.record).toBe(`preset:${preset.name}`);
  });

  it('starts a new pose as a copy of another pose by id', async () => {
    const fake = createFakeStudio({ poses: 2 });
    renderEditor(fake, '#/editor');
    await screen.findByTestId('editor-new');
    fireEvent.click(screen.getByTestId('editor-new-from-pose'));
    fireEvent.change(screen.getByTestId('editor-new-pose-id'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('editor-new-create'));
    await waitFor(() => expect(title()).toBe('New pose'));
    expect(shown.editor?.state.keypoints).toEqual(fake.state.poses[1]!.keypoints);
    fireEvent.click(screen.getByTestId('editor-cmd-file.save'));
    await waitFor(() => expect(title()).toBe('Pose #3'));
    expect(fake.callsOf('poses.create')[0]?.input).toMatchObject({ origin: { kind: 'duplicate', ref: '2' } });
  });

  it('Duplicate copies the pose as shown into a new pose and opens it', async () => {
    const fake = createFakeStudio({ poses: 4 });
    fake.state.poses[2]!.tags = ['keep'];
    renderEditor(fake, '#/editor/3');
    const editor = await openedEditor('Pose #3');
    press('m');
    const edited = editor.state.keypoints;
    press('d', { ctrlKey: true });
    await waitFor(() => expect(title()).toBe('Pose #5'));
    expect(fake.callsOf('poses.create')[0]?.input).toMatchObject({
      keypoints: edited,
      tags: ['keep'],
      origin: { kind: 'duplicate', ref: '3' },
    });
    expect(dirtyText()).toBe('Saved');
    expect(fake.callsOf('poses.update')).toHaveLength(0);
  });
});

describe('Editor page: warnings', () => {
  it('names and links near-duplicates that poses.similar finds, and follows the edits', async () => {
    const fake = createFakeStudio({ poses: 3 });
    const preset = loadPresets()[0]!;
    fake.state.poses[1]!.keypoints = preset.keypoints.map(([x, y, v]) => [x, y, v]);
    renderEditor(fake, '#/editor/1');
    await openedEditor('Pose #1');
    const warnings = screen.getByTestId('editor-warnings');
    await waitFor(() => expect(warnings.querySelectorAll('[data-kind="nearDuplicate"]').length).toBe(1));
    const item = warnings.querySelector('[data-kind="nearDuplicate"]')!;
    expect(item.getAttribute('data-pose-id')).toBe('3');
    expect(item.textContent).toContain('pose #3');
    expect(item.querySelector('a')?.getAttribute('href')).toBe('#/editor/3');
    expect(fake.callsOf('poses.similar').at(-1)?.input).toMatchObject({ excludeId: 1, threshold: 0.95 });

    act(() => shown.editor!.resetToPreset(preset.name)); // now pose 2's shape (OKS ignores scale)
    await waitFor(() =>
      expect(warnings.querySelector('[data-kind="nearDuplicate"]')?.getAttribute('data-pose-id')).toBe('2'),
    );
    press('a', { ctrlKey: true });
    press('0'); // unlabel everything: nothing to compare
    await waitFor(() => expect(warnings.querySelectorAll('[data-kind="nearDuplicate"]').length).toBe(0));
  });

  it('shows the model warnings for joints outside the canvas', async () => {
    const fake = createFakeStudio({ poses: 1 });
    fake.state.poses[0]!.keypoints[9] = [500, 20, 2];
    renderEditor(fake, '#/editor/1');
    await openedEditor('Pose #1');
    const outside = screen.getByTestId('editor-warnings').querySelector('[data-kind="outsideCanvas"]');
    expect(outside?.textContent).toBe('left wrist lies outside the canvas');
  });
});

describe('Editor page: augment', () => {
  it('augments the pose and links to the library filtered by the new tag', async () => {
    const fake = createFakeStudio({ poses: 2 });
    window.location.hash = '#/editor/2';
    render(
      <ApiProvider connection={fake.connection}>
        <App />
      </ApiProvider>,
    );
    await openedEditor('Pose #2');
    press('A', { shiftKey: true });
    await screen.findByTestId('editor-augment');
    fireEvent.change(screen.getByTestId('editor-augment-count'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('editor-augment-run'));
    const result = await screen.findByTestId('editor-augment-result');
    expect(result.textContent).toContain('Created 3 poses, tagged aug:jitter');
    expect(fake.callsOf('poses.augment')[0]?.input).toEqual({
      id: 2,
      mode: 'jitter',
      count: 3,
      seed: 1,
      maxDegrees: 15,
    });
    fireEvent.click(screen.getByTestId('editor-augment-show'));
    await screen.findByTestId('page-poses');
    await waitFor(() => expect(screen.getByTestId('pose-count').textContent).toBe('3 poses'));
  });
});
