/**
 * @file The page's own commands (save, discard, new, duplicate, previous/next, view, augment),
 * registered in each editor's command registry beside the model's, so the toolbar, the menu, the
 * key handler and the `?` overlay show and run them exactly like the editor's. They call the
 * page's actions through an interface, so registering needs no React.
 */
import type { Command } from '../model/commands';
import type { PoseEditor } from '../model/poseEditor';

export type PageActions = {
  canSave(): boolean;
  save(): void;
  canDiscard(): boolean;
  discard(): void;
  newPose(): void;
  canDuplicate(): boolean;
  duplicate(): void;
  canStep(): boolean;
  step(direction: -1 | 1): void;
  fitToView(): void;
  zoomBy(factor: number): void;
  canAugment(): boolean;
  augment(): void;
};

export const ZOOM_STEP = 1.25;

export function pageCommands(page: PageActions): Command<PoseEditor>[] {
  return [
    {
      id: 'file.save',
      label: 'Save',
      group: 'File',
      shortcuts: ['Mod+S'],
      run: () => page.save(),
      enabled: () => page.canSave(),
    },
    {
      id: 'file.discard',
      label: 'Discard changes',
      group: 'File',
      shortcuts: [],
      run: () => page.discard(),
      enabled: () => page.canDiscard(),
    },
    { id: 'file.new', label: 'New pose…', group: 'File', shortcuts: ['Shift+N'], run: () => page.newPose() },
    {
      id: 'file.duplicate',
      label: 'Duplicate as a new pose',
      group: 'File',
      shortcuts: ['Mod+D'],
      run: () => page.duplicate(),
      enabled: () => page.canDuplicate(),
    },
    {
      id: 'file.augment',
      label: 'Augment…',
      group: 'File',
      shortcuts: ['Shift+A'],
      run: () => page.augment(),
      enabled: () => page.canAugment(),
    },
    {
      id: 'nav.previous',
      label: 'Previous pose in the library',
      group: 'Navigate',
      shortcuts: ['[', 'Alt+ArrowLeft'],
      run: () => page.step(-1),
      enabled: () => page.canStep(),
    },
    {
      id: 'nav.next',
      label: 'Next pose in the library',
      group: 'Navigate',
      shortcuts: [']', 'Alt+ArrowRight'],
      run: () => page.step(1),
      enabled: () => page.canStep(),
    },
    {
      id: 'view.fit',
      label: 'Fit to view',
      group: 'View',
      shortcuts: ['Mod+0'],
      run: () => page.fitToView(),
    },
    {
      id: 'view.zoomIn',
      label: 'Zoom in',
      group: 'View',
      shortcuts: ['+', '='],
      run: () => page.zoomBy(ZOOM_STEP),
    },
    {
      id: 'view.zoomOut',
      label: 'Zoom out',
      group: 'View',
      shortcuts: ['-'],
      run: () => page.zoomBy(1 / ZOOM_STEP),
    },
  ];
}

export function registerPageCommands(editor: PoseEditor, page: PageActions): void {
  for (const command of pageCommands(page)) editor.commands.register(command);
}
