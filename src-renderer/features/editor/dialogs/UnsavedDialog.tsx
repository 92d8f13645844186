/**
 * @file The unsaved-changes question asked before leaving a pose: Save (then go on), Discard
 * (go on without saving) or Cancel (stay).
 */
import { Dialog } from '../../../ui/Dialog';

export function UnsavedDialog({
  title,
  busy,
  onChoose,
}: {
  title: string;
  busy: boolean;
  onChoose: (choice: 'save' | 'discard' | 'cancel') => void;
}) {
  return (
    <Dialog
      title="Unsaved changes"
      onClose={() => onChoose('cancel')}
      testId="editor-unsaved"
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={() => onChoose('cancel')}
            data-testid="editor-unsaved-cancel"
          >
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => onChoose('discard')}
            data-testid="editor-unsaved-discard"
          >
            Discard changes
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => onChoose('save')}
            data-testid="editor-unsaved-save"
          >
            Save
          </button>
        </>
      }
    >
      <p>{title} has changes that are not saved. Save them before leaving?</p>
    </Dialog>
  );
}
