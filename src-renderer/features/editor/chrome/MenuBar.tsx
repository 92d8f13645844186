/**
 * @file The editor's menu bar: one menu per command group, every registered command in it with
 * its shortcut, disabled when it cannot run. A menu closes on a choice, on Escape and when focus
 * leaves it.
 */
import { useState, type FocusEvent } from 'react';
import { groupCommands, type CommandView } from './commandView';

const slug = (group: string) => group.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function MenuBar({
  commands,
  onRun,
}: {
  commands: readonly CommandView[];
  onRun: (id: string) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const closeOnLeave = (event: FocusEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(null);
  };
  return (
    <div className="editor-menubar" role="menubar" aria-label="Editor menu" data-testid="editor-menubar">
      {groupCommands(commands).map(({ group, items }) => (
        <div
          key={group}
          className="editor-menu"
          onBlur={closeOnLeave}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || open === null) return;
            event.stopPropagation();
            setOpen(null);
          }}
        >
          <button
            type="button"
            className="editor-menu__title"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open === group}
            data-testid={`editor-menu-${slug(group)}`}
            onClick={() => setOpen((current) => (current === group ? null : group))}
          >
            {group}
          </button>
          {open === group && (
            <div className="editor-menu__list" role="menu" aria-label={group}>
              {items.map((view) => (
                <button
                  key={view.id}
                  type="button"
                  role={view.pressed === undefined ? 'menuitem' : 'menuitemcheckbox'}
                  aria-checked={view.pressed}
                  className="editor-menu__item"
                  disabled={!view.enabled}
                  data-command={view.id}
                  onClick={() => {
                    setOpen(null);
                    onRun(view.id);
                  }}
                >
                  <span>{view.label}</span>
                  {view.keys[0] !== undefined && <kbd>{view.keys[0]}</kbd>}
                </button>
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
