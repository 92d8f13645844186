/**
 * @file The editor's right-hand column: exact values of the selection, the live condition map,
 * the reference image, the canvas size, warnings and the joints still to place.
 */
import type { Pose } from '../../../../src-main/contract';
import { ConditionPreview } from '../canvas/ConditionPreview';
import { NumericPanel } from '../canvas/NumericPanel';
import type { PoseEditor } from '../model/poseEditor';
import type { EditSession } from '../session/editSession';
import { CanvasSizePanel } from './CanvasSizePanel';
import { ReferencePanel, type Reference } from './ReferencePanel';
import { UnlabeledPanel } from './UnlabeledPanel';
import { WarningsPanel } from './WarningsPanel';

export function SidePanel({
  session,
  editor,
  pose,
  reference,
  onReference,
}: {
  session: EditSession;
  /** The session's current editor (it changes when the canvas is resized). */
  editor: PoseEditor;
  pose: Pose | null;
  reference: Reference | null;
  onReference: (reference: Reference | null) => void;
}) {
  return (
    <aside className="editor-side" aria-label="Pose details" data-testid="editor-side">
      <h3>Selection</h3>
      <NumericPanel editor={editor} />
      <section className="editor-panel" aria-labelledby="editor-condition-title">
        <h3 id="editor-condition-title">Condition map</h3>
        <ConditionPreview editor={editor} maxSize={256} />
      </section>
      <WarningsPanel session={session} poseId={pose?.id ?? null} />
      <UnlabeledPanel session={session} />
      <CanvasSizePanel session={session} />
      <ReferencePanel reference={reference} source={pose?.source ?? null} onChange={onReference} />
    </aside>
  );
}
