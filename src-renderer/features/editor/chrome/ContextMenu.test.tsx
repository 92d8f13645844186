// @vitest-environment jsdom
/**
 * The editor's right-click menu on the page (fake studio, canvas stand-in): a right-click on a
 * joint selects it and names it, entries run registered commands as one undo step each, keys
 * navigate and close it without reaching the page's shortcuts, and empty canvas gets pose commands.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createFakeStudio } from '../../../testing/fakeStudio';
import type { PoseEditor } from '../model/poseEditor';
import { rightClickJoint, shown } from '../testing/canvasStandIn';
import { dirtyText, editorTestSetup, openedEditor, press, renderEditor } from '../testing/renderEditor';

vi.mock('../canvas/EditorCanvas', () => import('../testing/canvasStandIn'));

editorTestSetup();

const LEFT_ELBOW = 7;
const LEFT_WRIST = 9;
const visibility = (editor: PoseEditor, joint: number) => editor.state.keypoints[joint]![2];
const menu = () => screen.queryByTestId('editor-context-menu');
/** An entry by its accessible name; the visibility entries are radio items. */
const entry = (name: RegExp) => {
  const entries = [
    ...within(menu()!).queryAllByRole('menuitem', { name }),
    ...within(menu()!).queryAllByRole('menuitemradio', { name }),
  ];
  expect(entries, String(name)).toHaveLength(1);
  return entries[0]!;
};

async function openPose(): Promise<PoseEditor> {
  renderEditor(createFakeStudio({ poses: 3 }), '#/editor/2');
  return openedEditor('Pose #2');
}

describe('Editor context menu', () => {
  it('opens on a joint named after it, selected; Mark occluded sets v = 1 and one undo restores it', async () => {
    const editor = await openPose();
    const before = editor.state.keypoints;
    expect(rightClickJoint(LEFT_WRIST)).toBe(false); // the browser's own menu is prevented
    expect(screen.getByRole('menu', { name: 'Left wrist' })).toBe(menu());
    expect(editor.state.selection).toEqual([LEFT_WRIST]);
    // Registry labels and shortcuts; the joint's current visibility is the checked entry.
    const occluded = entry(/Mark occluded/);
    expect(occluded.textContent).toContain('1');
    expect(occluded.getAttribute('aria-checked')).toBe('false');
    expect(entry(/Mark visible/).getAttribute('aria-checked')).toBe('true');
    expect(entry(/Unlabel/).textContent).toContain('0');
    expect(entry(/Flip limb/)).toBeTruthy();
    expect(entry(/Mirror pose/).textContent).toContain('M');
    expect(document.activeElement).toBe(entry(/Mark visible/));

    fireEvent.click(occluded);
    expect(menu()).toBeNull();
    expect(visibility(editor, LEFT_WRIST)).toBe(1);
    expect(dirtyText()).toBe('Unsaved changes');
    expect(document.activeElement).toBe(screen.getByTestId('editor-page'));
    press('z', { ctrlKey: true });
    expect(editor.state.keypoints).toEqual(before);
    expect(dirtyText()).toBe('Saved');
  });

  it('keeps a selection that holds the joint and acts on all of it; arrows and Enter choose', async () => {
    const editor = await openPose();
    act(() => editor.store.patch({ selection: [LEFT_ELBOW, LEFT_WRIST] }));
    rightClickJoint(LEFT_WRIST);
    expect(editor.state.selection).toEqual([LEFT_ELBOW, LEFT_WRIST]);
    expect(menu()!.textContent).toContain('2 joints selected');
    const key = (k: string) => fireEvent.keyDown(document.activeElement!, { key: k });
    key('ArrowUp'); // wraps to the last entry
    expect(document.activeElement).toBe(entry(/Mirror pose/));
    key('Home');
    key('ArrowDown');
    expect(document.activeElement).toBe(entry(/Mark occluded/));
    key('Enter');
    expect(menu()).toBeNull();
    expect([visibility(editor, LEFT_ELBOW), visibility(editor, LEFT_WRIST)]).toEqual([1, 1]);
    press('z', { ctrlKey: true });
    expect([visibility(editor, LEFT_ELBOW), visibility(editor, LEFT_WRIST)]).toEqual([2, 2]);
  });

  it('selects only the joint when it was outside the selection', async () => {
    const editor = await openPose();
    act(() => editor.store.patch({ selection: [LEFT_ELBOW] }));
    rightClickJoint(LEFT_WRIST);
    expect(editor.state.selection).toEqual([LEFT_WRIST]);
    expect(menu()!.textContent).not.toContain('selected');
  });

  it('closes on Escape without the page clearing the selection, and on a press outside', async () => {
    const editor = await openPose();
    rightClickJoint(LEFT_WRIST);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(menu()).toBeNull();
    expect(editor.state.selection).toEqual([LEFT_WRIST]); // the page's Esc would have cleared it
    expect(document.activeElement).toBe(screen.getByTestId('editor-page'));
    rightClickJoint(LEFT_WRIST);
    fireEvent.keyDown(document.activeElement!, { key: '1' }); // shortcuts do not run under the menu
    expect(visibility(editor, LEFT_WRIST)).toBe(2);
    fireEvent.pointerDown(screen.getByTestId('editor-title'));
    expect(menu()).toBeNull();
    expect(visibility(editor, LEFT_WRIST)).toBe(2);
  });

  it('offers pose commands on empty canvas, run through the registry', async () => {
    const editor = await openPose();
    act(() => editor.store.patch({ selection: [LEFT_WRIST] }));
    rightClickJoint(null);
    expect(screen.getByRole('menu', { name: 'Pose' })).toBe(menu());
    expect(editor.state.selection).toEqual([LEFT_WRIST]);
    const labels = within(menu()!)
      .getAllByRole('menuitem')
      .map((item) => item.getAttribute('data-command'));
    expect(labels).toEqual(['pose.mirror', 'pose.reset', 'select.all', 'view.fit']);
    fireEvent.click(entry(/Fit to view/));
    expect(shown.fits).toBe(1);
    rightClickJoint(null);
    fireEvent.click(entry(/Select all joints/));
    expect(editor.state.selection).toHaveLength(17);
  });

  it('opens from the keyboard (Shift+F10) on the selected joint', async () => {
    const editor = await openPose();
    act(() => editor.store.patch({ selection: [5] }));
    expect(press('F10', { shiftKey: true })).toBe(false);
    expect(screen.getByRole('menu', { name: 'Left shoulder' })).toBe(menu());
    const box = menu()!.style;
    const [x, y] = editor.state.keypoints[5]!;
    expect([parseFloat(box.left), parseFloat(box.top)]).toEqual([x, y]); // identity viewport at 0, 0
  });
});
