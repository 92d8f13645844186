import { describe, expect, it } from 'vitest';
import { CommandRegistry, formatShortcut, matchesShortcut, parseShortcut } from './commands';

describe('shortcuts', () => {
  it('maps Mod to Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchesShortcut('Mod+Z', { key: 'z', meta: true }, true)).toBe(true);
    expect(matchesShortcut('Mod+Z', { key: 'z', ctrl: true }, true)).toBe(false);
    expect(matchesShortcut('Mod+Z', { key: 'z', ctrl: true }, false)).toBe(true);
    expect(matchesShortcut('Mod+Z', { key: 'Z', ctrl: true, shift: true }, false)).toBe(false);
    expect(matchesShortcut('Mod+Shift+Z', { key: 'Z', ctrl: true, shift: true }, false)).toBe(true);
  });

  it('ignores Shift for symbols and requires exact modifiers otherwise', () => {
    expect(matchesShortcut('?', { key: '?', shift: true }, false)).toBe(true);
    expect(matchesShortcut('S', { key: 's', alt: true }, false)).toBe(false);
    expect(matchesShortcut('Delete', { key: 'Delete' }, false)).toBe(true);
    expect(parseShortcut('Mod++')).toMatchObject({ key: '+', mod: true });
    expect(() => parseShortcut('Hyper+K')).toThrow(/unknown modifier/);
  });

  it('formats for each platform', () => {
    expect(formatShortcut('Mod+Shift+Z', true)).toBe('⇧⌘Z');
    expect(formatShortcut('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Escape', false)).toBe('Esc');
  });
});

describe('CommandRegistry', () => {
  type Ctx = { log: string[]; locked: boolean };
  const registry = new CommandRegistry<Ctx>();
  registry.register({ id: 'a', label: 'A', group: 'G', shortcuts: ['A'], run: (c) => c.log.push('a') });
  registry.register({
    id: 'b',
    label: 'B',
    group: 'H',
    shortcuts: ['Mod+B'],
    run: (c) => c.log.push('b'),
    enabled: (c) => !c.locked,
  });

  it('runs enabled commands by id or key and refuses disabled ones', () => {
    const ctx: Ctx = { log: [], locked: true };
    expect(registry.forKey({ key: 'a' }, false)?.id).toBe('a');
    expect(registry.run('b', ctx)).toBe(false);
    ctx.locked = false;
    expect(registry.run(registry.forKey({ key: 'b', meta: true }, true)!.id, ctx)).toBe(true);
    expect(ctx.log).toEqual(['b']);
    expect(registry.forKey({ key: 'q' }, false)).toBeNull();
  });

  it('refuses duplicate ids, names unknown ones and groups help', () => {
    expect(() =>
      registry.register({ id: 'a', label: '', group: '', shortcuts: [], run: () => {} }),
    ).toThrow();
    expect(() => registry.get('zz')).toThrow(/no command/);
    expect(registry.helpSections(false)).toEqual([
      { group: 'G', items: [{ id: 'a', label: 'A', keys: ['A'] }] },
      { group: 'H', items: [{ id: 'b', label: 'B', keys: ['Ctrl+B'] }] },
    ]);
    expect(registry.conflicts(false)).toEqual([]);
  });
});
