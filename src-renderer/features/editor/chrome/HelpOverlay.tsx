/**
 * @file The `?` overlay: every registered command by group, each with all its shortcuts, read
 * from the same registry the keys run (so what it lists is what works). Escape or × closes it.
 */
import { Dialog } from '../../../ui/Dialog';
import { groupCommands, type CommandView } from './commandView';

export function HelpOverlay({
  commands,
  onClose,
}: {
  commands: readonly CommandView[];
  onClose: () => void;
}) {
  return (
    <Dialog title="Editor shortcuts" onClose={onClose} testId="editor-help" wide>
      <div className="editor-help">
        {groupCommands(commands).map(({ group, items }) => (
          <section key={group} className="editor-help__group" aria-label={group}>
            <h3>{group}</h3>
            <table>
              <tbody>
                {items.map((view) => (
                  <tr key={view.id} data-command={view.id}>
                    <td className="editor-help__keys">
                      {view.keys.length === 0 ? (
                        <span className="muted">menu only</span>
                      ) : (
                        view.keys.map((key, i) => (
                          <span key={key}>
                            {i > 0 && <span className="muted"> / </span>}
                            <kbd>{key}</kbd>
                          </span>
                        ))
                      )}
                    </td>
                    <td>{view.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <p className="muted small">
        Drag a joint to move it; hold Alt (or turn on bone lock) to rotate its limb. Shift-click adds to the
        selection. Scroll to zoom, hold Space and drag to pan, double-click empty space to fit.
      </p>
    </Dialog>
  );
}
