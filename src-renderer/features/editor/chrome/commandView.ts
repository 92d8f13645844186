/**
 * @file What the toolbar, the menu and the help overlay show of each registered command: label,
 * group, formatted shortcuts, whether it can run now and, for the mode toggles, whether it is on.
 * Read from the open editor's registry (the model's commands plus the page's), so all three
 * always agree with the keys. `useCommandViews` re-renders only when an enabled or pressed state
 * changes, not on every pointer move.
 */
import { formatShortcut } from '../model/commands';
import type { EditSession } from '../session/editSession';
import type { EditorController } from '../session/editorController';
import { useSessionValue } from '../session/useEditorController';

export type CommandView = {
  id: string;
  label: string;
  group: string;
  /** Formatted for the platform, first one is the main shortcut. */
  keys: string[];
  enabled: boolean;
  /** For toggles (modes, help): whether it is on; undefined for plain actions. */
  pressed: boolean | undefined;
};

const ARROWS: Record<string, string> = { arrowleft: '←', arrowright: '→', arrowup: '↑', arrowdown: '↓' };

/** A shortcut as shown: the registry's format, with arrow keys as arrows. */
export function displayShortcut(shortcut: string, mac: boolean): string {
  return formatShortcut(shortcut, mac).replace(
    /arrow(left|right|up|down)/i,
    (name) => ARROWS[name.toLowerCase()]!,
  );
}

function pressedOf(session: EditSession, id: string): boolean | undefined {
  const state = session.editor.state;
  if (id === 'mode.symmetric') return state.symmetric;
  if (id === 'mode.boneLock') return state.boneLock;
  return undefined;
}

export function commandViews(controller: EditorController, session: EditSession): CommandView[] {
  const mac = session.editor.mac;
  return session.editor.commands.list().map((command) => ({
    id: command.id,
    label: command.label,
    group: command.group,
    keys: command.shortcuts.map((shortcut) => displayShortcut(shortcut, mac)),
    enabled: controller.isEnabled(command.id),
    pressed: pressedOf(session, command.id),
  }));
}

/** Menu order of the groups the page knows; any other group follows in registration order. */
const GROUP_ORDER = ['File', 'Edit', 'Select', 'Joint', 'Pose', 'Mode', 'Navigate', 'View', 'Help'];

const rank = (group: string) => {
  const index = GROUP_ORDER.indexOf(group);
  return index < 0 ? GROUP_ORDER.length : index;
};

/** Commands grouped (the menu's menus, the overlay's sections), commands in registration order. */
export function groupCommands(views: readonly CommandView[]): { group: string; items: CommandView[] }[] {
  const groups = new Map<string, CommandView[]>();
  for (const view of views) groups.set(view.group, [...(groups.get(view.group) ?? []), view]);
  // Array sort is stable, so unknown groups keep their registration order.
  return [...groups]
    .map(([group, items]) => ({ group, items }))
    .sort((a, b) => rank(a.group) - rank(b.group));
}

function stateKey(controller: EditorController, session: EditSession): string {
  return commandViews(controller, session)
    .map((view) => `${view.enabled ? 1 : 0}${view.pressed === undefined ? '' : view.pressed ? 1 : 0}`)
    .join('');
}

/** The open session's commands, kept current (empty when no pose is open). */
export function useCommandViews(controller: EditorController, session: EditSession | null): CommandView[] {
  // Subscribing to a key string re-renders on enabled/pressed changes only.
  useSessionValue(session, (s) => stateKey(controller, s), '');
  return session === null ? [] : commandViews(controller, session);
}
