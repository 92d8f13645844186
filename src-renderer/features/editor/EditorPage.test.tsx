// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeStudio } from '../../testing/fakeStudio';
import { displayShortcut } from './chrome/commandView';
import { shown } from './testing/canvasStandIn';
import { dirtyText, editorTestSetup, openedEditor, press, renderEditor } from './testing/renderEditor';

vi.mock('./canvas/EditorCanvas', () => import('./testing/canvasStandIn'));

editorTestSetup();

describe('Editor page: commands', () => {
  it('lists every registered command with its shortcuts in the ? overlay, and Esc closes it', async () => {
    renderEditor(createFakeStudio({ poses: 4 }), '#/editor/3');
    const editor = await openedEditor('Pose #3');
    expect(press('?')).toBe(false);
    const help = await screen.findByTestId('editor-help');
    const commands = editor.commands.list();
    expect(commands.map((c) => c.id)).toEqual(expect.arrayContaining(['edit.undo', 'file.save', 'nav.next']));
    for (const command of commands) {
      const row = help.querySelector(`[data-command="${command.id}"]`);
      expect(row?.textContent, command.id).toContain(command.label);
      for (const shortcut of command.shortcuts)
        expect(row?.textContent).toContain(displayShortcut(shortcut, false));
    }
    expect(within(help).getByText('File')).toBeTruthy();
    expect(help.querySelector('[data-command="nav.next"]')?.textContent).toContain('Alt+→');
    fireEvent.keyDown(help, { key: 'Escape' });
    expect(screen.queryByTestId('editor-help')).toBeNull();
  });

  it('runs toolbar and menu entries from the registry, disabled when they cannot run', async () => {
    renderEditor(createFakeStudio({ poses: 4 }), '#/editor/2');
    await openedEditor('Pose #2');
    const save = screen.getByTestId('editor-cmd-file.save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(save.title).toBe('Save (Ctrl+S)');
    fireEvent.click(screen.getByTestId('editor-cmd-view.zoomIn'));
    fireEvent.click(screen.getByTestId('editor-menu-view'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Fit to view/ }));
    expect(shown.fits).toBe(1);
    expect(shown.zooms).toEqual([1.25]);
    fireEvent.click(screen.getByTestId('editor-cmd-mode.symmetric'));
    expect(screen.getByTestId('editor-cmd-mode.symmetric').getAttribute('aria-pressed')).toBe('true');
  });
});

describe('Editor page: saving', () => {
  it('Mod+S saves the edited keypoints with poses.update and marks the pose clean', async () => {
    const fake = createFakeStudio({ poses: 4 });
    renderEditor(fake, '#/editor/3');
    const editor = await openedEditor('Pose #3');
    expect(dirtyText()).toBe('Saved');
    press('m'); // mirror pose
    expect(dirtyText()).toBe('Unsaved changes');
    const edited = editor.state.keypoints;
    expect(press('s', { ctrlKey: true })).toBe(false);
    await waitFor(() => expect(dirtyText()).toBe('Saved'));
    const update = fake.callsOf('poses.update').at(-1)?.input as { id: number; keypoints: unknown };
    expect(update.id).toBe(3);
    expect(update.keypoints).toEqual(edited);
    expect(screen.getByTestId('editor-notice').textContent).toBe('Saved pose #3');
  });

  it('Discard restores the saved pose', async () => {
    const fake = createFakeStudio({ poses: 4 });
    renderEditor(fake, '#/editor/1');
    const editor = await openedEditor('Pose #1');
    const saved = editor.state.keypoints;
    press('m');
    expect(dirtyText()).toBe('Unsaved changes');
    fireEvent.click(screen.getByTestId('editor-cmd-file.discard'));
    await waitFor(() => expect(dirtyText()).toBe('Saved'));
    expect(shown.editor?.state.keypoints).toEqual(saved);
    expect(fake.callsOf('poses.get').length).toBe(2);
  });

  it('shows an API error when the pose cannot be loaded', async () => {
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/9');
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('NOT_FOUND');
  });

  it('runs no shortcut under an open dialog, even with focus outside it', async () => {
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/1');
    const editor = await openedEditor('Pose #1');
    const before = editor.state.keypoints;
    press('N', { shiftKey: true });
    await screen.findByTestId('editor-new');
    // Tab or a click can take focus out of the dialog, back to the page beneath it.
    expect(fireEvent.keyDown(screen.getByTestId('editor-cmd-pose.mirror'), { key: 'm' })).toBe(true);
    expect(press('m')).toBe(true);
    expect(shown.editor?.state.keypoints).toBe(before);
    expect(dirtyText()).toBe('Saved');
  });

  it('keeps keys typed in fields away from the editor', async () => {
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/1');
    await openedEditor('Pose #1');
    const width = screen.getByTestId('editor-size-width');
    fireEvent.keyDown(width, { key: 'm' });
    expect(dirtyText()).toBe('Saved');
  });
});

describe('Editor page: dragging', () => {
  it('does not re-render React on pointer moves (the canvas and the condition map draw imperatively)', async () => {
    let commits = 0;
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/1', undefined, () => (commits += 1));
    const editor = await openedEditor('Pose #1');
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
    // The whole pose moves a little, so no warning changes (the panel shows those as they change).
    press('a', { ctrlKey: true });
    const [x, y] = editor.state.keypoints[9]!; // left wrist
    act(() => editor.pointerDown({ x, y }));
    act(() => editor.pointerMove({ x: x + 0.1, y })); // the first move makes the pose dirty
    const before = commits;
    for (let i = 2; i <= 30; i += 1) act(() => editor.pointerMove({ x: x + i / 10, y: y + i / 20 }));
    expect(commits - before).toBe(0);
    act(() => editor.pointerUp());
    expect(dirtyText()).toBe('Unsaved changes');
  });
});

describe('Editor page: canvas size and unlabeled joints', () => {
  it('resizes the canvas as an undoable step', async () => {
    renderEditor(createFakeStudio({ poses: 2 }), '#/editor/1');
    await openedEditor('Pose #1');
    fireEvent.click(screen.getByTestId('editor-size-512x768'));
    await waitFor(() => expect(shown.editor?.state.height).toBe(768));
    expect(screen.getByTestId('editor-size-current').textContent).toBe('512 × 768');
    expect(dirtyText()).toBe('Unsaved changes');
    press('z', { ctrlKey: true });
    await waitFor(() => expect(shown.editor?.state.height).toBe(300));
    expect(dirtyText()).toBe('Saved');
  });

  it('lists unlabeled joints and arms placing one', async () => {
    const fake = createFakeStudio({ poses: 1 });
    fake.state.poses[0]!.keypoints[3] = [0, 0, 0];
    renderEditor(fake, '#/editor/1');
    await openedEditor('Pose #1');
    const list = screen.getByTestId('editor-unlabeled');
    expect(list.querySelectorAll('[data-joint]').length).toBe(1);
    fireEvent.click(screen.getByTestId('editor-place-3'));
    expect(shown.editor?.state.placing).toBe(3);
    shown.editor!.pointerDown({ x: 40, y: 50 });
    await waitFor(() => expect(list.querySelectorAll('[data-joint]').length).toBe(0));
  });
});
