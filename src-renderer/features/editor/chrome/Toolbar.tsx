/**
 * @file The editor toolbar: the most used commands as compact buttons in groups, each taken
 * from the registry (label and shortcut in its tooltip, disabled when it cannot run, pressed for
 * the mode toggles). Commands not in the registry are skipped, so the bar never shows a dead key.
 */
import type { CommandView } from './commandView';

/** Toolbar groups by command id, with the short caption each button shows. */
const LAYOUT: readonly (readonly (readonly [string, string])[])[] = [
  [
    ['file.save', 'Save'],
    ['file.discard', 'Discard'],
  ],
  [
    ['edit.undo', 'Undo'],
    ['edit.redo', 'Redo'],
  ],
  [
    ['joint.visible', 'Visible'],
    ['joint.occluded', 'Occluded'],
    ['joint.unlabel', 'Unlabel'],
    ['joint.place', 'Place'],
  ],
  [
    ['limb.flip', 'Flip limb'],
    ['pose.mirror', 'Mirror'],
  ],
  [
    ['mode.symmetric', 'Symmetric'],
    ['mode.boneLock', 'Bone lock'],
  ],
  [
    ['nav.previous', '◀'],
    ['nav.next', '▶'],
  ],
  [
    ['view.zoomOut', '−'],
    ['view.fit', 'Fit'],
    ['view.zoomIn', '+'],
  ],
  [['help.toggle', '?']],
];

export function tooltip(view: CommandView): string {
  return view.keys.length === 0 ? view.label : `${view.label} (${view.keys.join(' / ')})`;
}

export function Toolbar({
  commands,
  onRun,
}: {
  commands: readonly CommandView[];
  onRun: (id: string) => void;
}) {
  const byId = new Map(commands.map((view) => [view.id, view]));
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor tools" data-testid="editor-toolbar">
      {LAYOUT.map((group, i) => (
        <div key={i} className="editor-toolbar__group">
          {group.map(([id, caption]) => {
            const view = byId.get(id);
            if (view === undefined) return null;
            return (
              <button
                key={id}
                type="button"
                className={`button button--small${id === 'file.save' ? ' button--primary' : ''}`}
                disabled={!view.enabled}
                aria-pressed={view.pressed}
                aria-label={view.label}
                title={tooltip(view)}
                data-testid={`editor-cmd-${id}`}
                onClick={() => onRun(id)}
              >
                {caption}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
