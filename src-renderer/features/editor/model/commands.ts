/**
 * @file The command registry: every editor action is a command with an id, a label, a group,
 * shortcuts, `run` and `enabled`. The toolbar, the menu, the key handler and the `?` help overlay
 * all read the same registry, so a shortcut shown is a shortcut that works. Shortcuts are strings
 * like `Mod+Shift+Z` (Mod is Cmd on macOS, Ctrl elsewhere); matching and display are pure.
 */

export type KeyInput = { key: string; ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean };

export type Command<C> = {
  id: string;
  label: string;
  /** Heading in the help overlay and menu. */
  group: string;
  /** Shortcuts, first one shown; empty when only the toolbar or menu runs it. */
  shortcuts: readonly string[];
  run(context: C): void;
  enabled?(context: C): boolean;
};

type ParsedShortcut = {
  key: string;
  mod: boolean;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
};

const MODIFIERS = new Set(['mod', 'ctrl', 'meta', 'shift', 'alt']);

export function parseShortcut(shortcut: string): ParsedShortcut {
  // `+` itself may be the key (`Mod++`), so split on the `+` that separates parts.
  const parts = shortcut.split(/\+(?=.)/);
  const key = parts.pop() ?? '';
  const flags = new Set(parts.map((part) => part.toLowerCase()));
  for (const flag of flags)
    if (!MODIFIERS.has(flag)) throw new Error(`unknown modifier "${flag}" in ${shortcut}`);
  return {
    key: key.toLowerCase(),
    mod: flags.has('mod'),
    ctrl: flags.has('ctrl'),
    meta: flags.has('meta'),
    shift: flags.has('shift'),
    alt: flags.has('alt'),
  };
}

/** A printable symbol (`?`, `+`) is typed with or without Shift depending on the layout, so Shift is ignored for it. */
const isSymbol = (key: string): boolean => key.length === 1 && !/[a-z0-9]/i.test(key);

export function matchesShortcut(shortcut: string, input: KeyInput, mac: boolean): boolean {
  const s = parseShortcut(shortcut);
  const ctrl = s.ctrl || (s.mod && !mac);
  const meta = s.meta || (s.mod && mac);
  if (s.key !== input.key.toLowerCase()) return false;
  if (ctrl !== Boolean(input.ctrl) || meta !== Boolean(input.meta) || s.alt !== Boolean(input.alt))
    return false;
  return isSymbol(s.key) || s.shift === Boolean(input.shift);
}

const KEY_NAMES: Record<string, string> = { escape: 'Esc', delete: 'Del', backspace: '⌫', ' ': 'Space' };

/** A shortcut for display: `⌘⇧Z` on macOS, `Ctrl+Shift+Z` elsewhere. */
export function formatShortcut(shortcut: string, mac: boolean): string {
  const s = parseShortcut(shortcut);
  const key =
    KEY_NAMES[s.key] ?? (s.key.length === 1 ? s.key.toUpperCase() : s.key[0]!.toUpperCase() + s.key.slice(1));
  const parts: string[] = [];
  if (s.ctrl || (s.mod && !mac)) parts.push(mac ? '⌃' : 'Ctrl');
  if (s.alt) parts.push(mac ? '⌥' : 'Alt');
  if (s.shift) parts.push(mac ? '⇧' : 'Shift');
  if (s.meta || (s.mod && mac)) parts.push(mac ? '⌘' : 'Meta');
  return mac ? [...parts, key].join('') : [...parts, key].join('+');
}

export class CommandRegistry<C> {
  private readonly commands = new Map<string, Command<C>>();

  register(command: Command<C>): void {
    if (this.commands.has(command.id)) throw new Error(`command "${command.id}" is registered twice`);
    command.shortcuts.forEach(parseShortcut);
    this.commands.set(command.id, command);
  }

  get(id: string): Command<C> {
    const command = this.commands.get(id);
    if (command === undefined) throw new Error(`no command "${id}"`);
    return command;
  }

  list(): Command<C>[] {
    return [...this.commands.values()];
  }

  isEnabled(id: string, context: C): boolean {
    const command = this.get(id);
    return command.enabled?.(context) ?? true;
  }

  /** Run a command if it is enabled; returns whether it ran. */
  run(id: string, context: C): boolean {
    if (!this.isEnabled(id, context)) return false;
    this.get(id).run(context);
    return true;
  }

  /** The command a key press triggers, or null. */
  forKey(input: KeyInput, mac: boolean): Command<C> | null {
    for (const command of this.commands.values())
      if (command.shortcuts.some((shortcut) => matchesShortcut(shortcut, input, mac))) return command;
    return null;
  }

  /** Shortcuts bound to more than one command (a registry invariant the tests check). */
  conflicts(mac: boolean): string[] {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const command of this.commands.values())
      for (const shortcut of command.shortcuts) {
        const key = formatShortcut(shortcut, mac);
        const other = seen.get(key);
        if (other !== undefined && other !== command.id) clashes.push(`${key}: ${other}, ${command.id}`);
        seen.set(key, command.id);
      }
    return clashes;
  }

  /** Commands by group for the help overlay, shortcuts formatted for the platform. */
  helpSections(mac: boolean): { group: string; items: { id: string; label: string; keys: string[] }[] }[] {
    const groups = new Map<string, { id: string; label: string; keys: string[] }[]>();
    for (const command of this.commands.values()) {
      const items = groups.get(command.group) ?? [];
      items.push({
        id: command.id,
        label: command.label,
        keys: command.shortcuts.map((s) => formatShortcut(s, mac)),
      });
      groups.set(command.group, items);
    }
    return [...groups].map(([group, items]) => ({ group, items }));
  }
}
