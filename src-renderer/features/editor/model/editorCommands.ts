/**
 * @file The editor's built-in commands (ids, labels, groups, shortcuts). One list feeds the
 * toolbar, the menu, the key handler and the `?` help overlay. Visibility keys follow COCO's
 * values: 2 visible, 1 occluded, 0 (or Delete) unlabeled.
 */
import type { Command, CommandRegistry } from './commands';
import type { PoseEditor } from './poseEditor';

const hasSelection = (editor: PoseEditor): boolean => editor.state.selection.length > 0;

const VISIBILITY = [
  { v: 2, id: 'joint.visible', label: 'Mark visible (v = 2)', shortcuts: ['2'] },
  { v: 1, id: 'joint.occluded', label: 'Mark occluded (v = 1)', shortcuts: ['1'] },
  { v: 0, id: 'joint.unlabel', label: 'Unlabel (v = 0)', shortcuts: ['0', 'Delete', 'Backspace'] },
] as const;

/** Every built-in command, in help-overlay order. */
export const EDITOR_COMMANDS: readonly Command<PoseEditor>[] = [
  {
    id: 'edit.undo',
    label: 'Undo',
    group: 'Edit',
    shortcuts: ['Mod+Z'],
    run: (e) => e.undo(),
    enabled: (e) => e.state.canUndo,
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'Edit',
    shortcuts: ['Mod+Shift+Z', 'Mod+Y'],
    run: (e) => e.redo(),
    enabled: (e) => e.state.canRedo,
  },
  { id: 'edit.copy', label: 'Copy pose', group: 'Edit', shortcuts: ['Mod+C'], run: (e) => e.copy() },
  {
    id: 'edit.paste',
    label: 'Paste pose',
    group: 'Edit',
    shortcuts: ['Mod+V'],
    run: (e) => e.paste(),
    enabled: (e) => e.canPaste(),
  },
  {
    id: 'select.all',
    label: 'Select all joints',
    group: 'Select',
    shortcuts: ['Mod+A'],
    run: (e) => e.selectAll(),
  },
  {
    id: 'select.escape',
    label: 'Cancel drag / placing, clear selection',
    group: 'Select',
    shortcuts: ['Escape'],
    run: (e) => e.escape(),
  },
  ...VISIBILITY.map(({ v, id, label, shortcuts }): Command<PoseEditor> => ({
    id,
    label,
    group: 'Joint',
    shortcuts,
    run: (e) => e.setVisibility(v),
    enabled: hasSelection,
  })),
  {
    id: 'joint.place',
    label: 'Place an unlabeled joint',
    group: 'Joint',
    shortcuts: ['P'],
    run: (e) => e.startPlacing(),
    enabled: (e) => e.state.keypoints.some((p) => p[2] === 0),
  },
  {
    id: 'limb.flip',
    label: 'Flip limb left/right',
    group: 'Pose',
    shortcuts: ['F'],
    run: (e) => e.flipSelectedLimb(),
    enabled: hasSelection,
  },
  {
    id: 'pose.mirror',
    label: 'Mirror pose',
    group: 'Pose',
    shortcuts: ['M'],
    run: (e) => e.mirrorPose(),
  },
  {
    id: 'pose.reset',
    label: 'Reset to preset',
    group: 'Pose',
    shortcuts: ['Shift+R'],
    run: (e) => e.resetToPreset(),
  },
  {
    id: 'mode.symmetric',
    label: 'Symmetric mode',
    group: 'Mode',
    shortcuts: ['S'],
    run: (e) => e.toggle('symmetric'),
  },
  {
    id: 'mode.boneLock',
    label: 'Bone-length lock (or hold Alt)',
    group: 'Mode',
    shortcuts: ['L'],
    run: (e) => e.toggle('boneLock'),
  },
  {
    id: 'help.toggle',
    label: 'Keyboard shortcuts',
    group: 'Help',
    shortcuts: ['?'],
    run: (e) => e.toggle('helpOpen'),
  },
];

export function registerEditorCommands(registry: CommandRegistry<PoseEditor>): void {
  for (const command of EDITOR_COMMANDS) registry.register(command);
}
