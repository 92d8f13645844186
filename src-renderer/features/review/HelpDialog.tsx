/** @file The shortcuts overlay (`?`): every key of the review page, from the same table the keys use. */
import { Dialog } from '../../ui/Dialog';
import { SHORTCUTS } from './model/keys';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Review shortcuts" onClose={onClose} testId="review-help">
      <table className="review-help">
        <tbody>
          {SHORTCUTS.map(({ keys, action }) => (
            <tr key={action}>
              <td className="review-help__keys">
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && <span className="muted"> / </span>}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Every decision is saved at once and can be undone.</p>
    </Dialog>
  );
}
