// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiProvider } from '../../api/ApiContext';
import { App } from '../../app/App';
import { createFakeStudio } from '../../testing/fakeStudio';
import { EMPTY_FILTER } from '../poses/model/query';
import { dirtyText, editorTestSetup, openedEditor, press, renderEditor } from './testing/renderEditor';

vi.mock('./canvas/EditorCanvas', () => import('./testing/canvasStandIn'));

editorTestSetup();

function renderApp(fake: ReturnType<typeof createFakeStudio>, hash: string) {
  window.location.hash = hash;
  render(
    <ApiProvider connection={fake.connection}>
      <App />
    </ApiProvider>,
  );
}

const title = () => screen.getByTestId('editor-title').textContent;

describe('Editor page: leaving with unsaved changes', () => {
  it('asks before another page opens; Cancel keeps the page and its edits, Discard leaves', async () => {
    const fake = createFakeStudio({ poses: 4 });
    renderApp(fake, '#/editor/3');
    await openedEditor('Pose #3');
    press('m');
    fireEvent.click(screen.getByTestId('nav-poses'));
    await screen.findByTestId('editor-unsaved');
    expect(window.location.hash).toBe('#/editor/3');
    expect(screen.queryByTestId('page-poses')).toBeNull();
    fireEvent.click(screen.getByTestId('editor-unsaved-cancel'));
    expect(screen.queryByTestId('editor-unsaved')).toBeNull();
    expect(screen.getByTestId('editor-page')).toBeTruthy();
    expect(dirtyText()).toBe('Unsaved changes');

    fireEvent.click(screen.getByTestId('nav-poses'));
    fireEvent.click(await screen.findByTestId('editor-unsaved-discard'));
    await screen.findByTestId('page-poses');
    expect(fake.callsOf('poses.update')).toHaveLength(0);
  });

  it('saves first when the user chooses Save, then goes where they asked', async () => {
    const fake = createFakeStudio({ poses: 4 });
    renderApp(fake, '#/editor/2');
    await openedEditor('Pose #2');
    press('m');
    window.location.hash = '#/editor/4';
    fireEvent.click(await screen.findByTestId('editor-unsaved-save'));
    await waitFor(() => expect(title()).toBe('Pose #4'));
    expect(fake.callsOf('poses.update').map((c) => (c.input as { id: number }).id)).toEqual([2]);
  });

  it('sets beforeunload only while there are unsaved changes', async () => {
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/1');
    await openedEditor('Pose #1');
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    press('m');
    expect(unload()).toBe(true);
    press('z', { ctrlKey: true });
    expect(unload()).toBe(false);
  });
});

describe('Editor page: previous and next', () => {
  it('moves within the library filter, and says so at its ends', async () => {
    const fake = createFakeStudio({ poses: 9 });
    for (const pose of fake.state.poses) pose.tags = pose.id % 3 === 0 ? ['third'] : [];
    renderEditor(fake, '#/editor/6', { ...EMPTY_FILTER, tag: { kind: 'tag', tag: 'third' } });
    await openedEditor('Pose #6');
    press(']');
    await waitFor(() => expect(title()).toBe('Pose #9'));
    expect(window.location.hash).toBe('#/editor/9');
    press(']');
    await waitFor(() =>
      expect(screen.getByTestId('editor-notice').textContent).toBe('This is the last pose.'),
    );
    press('ArrowLeft', { altKey: true });
    await waitFor(() => expect(title()).toBe('Pose #6'));
    fireEvent.click(screen.getByTestId('editor-cmd-nav.previous'));
    await waitFor(() => expect(title()).toBe('Pose #3'));
    // One poses.neighbors call a step, each in the library's filter and sort.
    const steps = fake.callsOf('poses.neighbors').map((c) => c.input as { id: number; filter: unknown });
    expect(steps.map((input) => input.id)).toEqual([6, 9, 9, 6]);
    expect(steps.every((input) => JSON.stringify(input.filter) === '{"tags":["third"]}')).toBe(true);
    expect(fake.callsOf('poses.list')).toHaveLength(0);
  });
});
