/**
 * @file Warnings about the pose being edited: the model's plausibility checks (limb lengths out
 * of proportion, joints outside the canvas) and near-duplicates already in the catalog, each
 * naming and linking the pose it resembles.
 */
import { useMemo } from 'react';
import type { PoseWarning } from '../model/warnings';
import type { EditSession } from '../session/editSession';
import { useNearDuplicates } from '../session/useNearDuplicates';
import { useSessionValue } from '../session/useEditorController';
import { editorHash } from '../session/route';
import { errorText } from '../../../api/errors';

type Shown = Pick<PoseWarning, 'kind' | 'message'>;

/** The warnings as a string, so a drag that changes no warning re-renders nothing here. */
const warningsKey = (warnings: readonly PoseWarning[]) =>
  JSON.stringify(warnings.map(({ kind, message }): Shown => ({ kind, message })));

export function WarningsPanel({ session, poseId }: { session: EditSession; poseId: number | null }) {
  const key = useSessionValue(session, (s) => warningsKey(s.editor.warnings()), '[]');
  const warnings = useMemo(() => JSON.parse(key) as Shown[], [key]);
  const similar = useNearDuplicates(session, poseId);
  const count = warnings.length + similar.items.length;
  return (
    <section className="editor-panel" aria-labelledby="editor-warnings-title" data-testid="editor-warnings">
      <h3 id="editor-warnings-title">
        Warnings {count > 0 && <span className="editor-badge">{count}</span>}
      </h3>
      {count === 0 && <p className="small muted">No warnings.</p>}
      <ul className="editor-warnings">
        {warnings.map((warning) => (
          <li key={warning.message} className="editor-warning" data-kind={warning.kind}>
            {warning.message}
          </li>
        ))}
        {similar.items.map((item) => (
          <li key={item.id} className="editor-warning" data-kind="nearDuplicate" data-pose-id={item.id}>
            Near-duplicate of{' '}
            <a className="link" href={editorHash({ kind: 'pose', id: item.id })}>
              pose #{item.id}
            </a>{' '}
            <span className="muted">(OKS {item.oks.toFixed(3)})</span>
          </li>
        ))}
      </ul>
      {similar.error !== null && (
        <p className="small muted" data-testid="editor-similar-error">
          Could not look for near-duplicates: {errorText(similar.error)}
        </p>
      )}
    </section>
  );
}
