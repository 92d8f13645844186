/**
 * @file The joints not labeled yet (v = 0), each with a button that arms placing it: the next
 * click on the canvas puts it there. The one being placed is marked.
 */
import { COCO_KEYPOINT_NAMES } from '../../../../src-main/core/pose/skeleton';
import type { EditSession } from '../session/editSession';
import { useSessionValue } from '../session/useEditorController';

export const jointName = (joint: number) =>
  (COCO_KEYPOINT_NAMES[joint] ?? `joint ${joint}`).replace('_', ' ');

const unlabeledKey = (keypoints: readonly (readonly [number, number, number])[]) =>
  keypoints.flatMap((point, joint) => (point[2] === 0 ? [joint] : [])).join(',');

export function UnlabeledPanel({ session }: { session: EditSession }) {
  // A string key, so a drag (new keypoints on every move) re-renders nothing here.
  const key = useSessionValue(session, (s) => unlabeledKey(s.editor.state.keypoints), '');
  const placing = useSessionValue(session, (s) => s.editor.state.placing, null);
  const unlabeled = key === '' ? [] : key.split(',').map(Number);
  return (
    <section className="editor-panel" aria-labelledby="editor-unlabeled-title" data-testid="editor-unlabeled">
      <h3 id="editor-unlabeled-title">Unlabeled joints</h3>
      {unlabeled.length === 0 ? (
        <p className="small muted">Every joint is labeled.</p>
      ) : (
        <ul className="editor-unlabeled">
          {unlabeled.map((joint) => (
            <li key={joint} data-joint={joint}>
              <span>{jointName(joint)}</span>
              <button
                type="button"
                className="button button--small"
                aria-pressed={placing === joint}
                data-testid={`editor-place-${joint}`}
                onClick={() => session.editor.startPlacing(joint)}
              >
                {placing === joint ? 'Click the canvas…' : 'Place'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
