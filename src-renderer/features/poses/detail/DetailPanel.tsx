/**
 * @file The detail panel beside the grid: one pose (fresh from `poses.get`, refetched on catalog
 * changes) drawn larger on a Konva stage, its metadata (canvas, labeled/visible counts, box,
 * source file/record/image, dates), Edit (opens the pose editor), tag editing, mirror and delete.
 */
import { lazy, Suspense, useState } from 'react';
import type { Pose } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import { useAction, useQuery } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TagEditor } from './TagEditor';

const STAGE_SIZE = 296;
// Konva loads with the first opened pose, not with the app.
const PoseStage = lazy(() => import('./PoseStage').then((module) => ({ default: module.PoseStage })));

export function DetailPanel({ poseId, onClose }: { poseId: number; onClose: () => void }) {
  const { client } = useApi();
  const query = useQuery('poses.get', { id: poseId });
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const pose = query.data;
  return (
    <aside className="detail-panel" aria-label={`Pose ${poseId}`} data-testid="detail-panel">
      <header className="detail-panel__header">
        <h2>Pose #{poseId}</h2>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={onClose}
          aria-label="Close details"
        >
          ×
        </button>
      </header>
      {pose === undefined ? (
        query.error ? (
          <ErrorNotice error={query.error} />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <Suspense
            fallback={<div className="pose-stage" style={{ width: STAGE_SIZE, height: STAGE_SIZE }} />}
          >
            <PoseStage pose={pose} size={STAGE_SIZE} />
          </Suspense>
          <PoseFacts pose={pose} />
          <h3>Tags</h3>
          <TagEditor poseId={pose.id} tags={pose.tags} />
          <div className="row">
            <a className="button button--primary" href={`#/editor/${pose.id}`} data-testid="detail-edit">
              Edit
            </a>
            <button
              type="button"
              className="button"
              disabled={action.busy}
              onClick={() => void action.run(() => client.call('poses.mirror', { ids: [pose.id] }))}
            >
              Mirror
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={action.busy}
              onClick={() => setConfirming(true)}
            >
              Delete…
            </button>
          </div>
          <ErrorNotice error={action.error} onDismiss={action.clearError} />
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete this pose?"
          message={`Pose #${poseId} will be removed from the catalog. This cannot be undone.`}
          confirmLabel="Delete pose"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void action
              .run(() => client.call('poses.delete', { ids: [poseId] }))
              .then((done) => done && onClose());
          }}
        />
      )}
    </aside>
  );
}

const when = (ms: number) => new Date(ms).toLocaleString();
const box = (value: Pose['box']) => (value === null ? '—' : value.map((n) => Math.round(n)).join(', '));

function PoseFacts({ pose }: { pose: Pose }) {
  const { source } = pose;
  return (
    <dl className="facts facts--compact" data-testid="detail-facts">
      <dt>Canvas</dt>
      <dd>
        {pose.width} × {pose.height} px
      </dd>
      <dt>Keypoints</dt>
      <dd>
        {pose.labeledCount}/17 labeled, {pose.visibleCount} visible
      </dd>
      <dt>Person box</dt>
      <dd className="mono">{box(pose.box)}</dd>
      <dt>Source</dt>
      <dd>
        {source.format}
        {source.file !== null && <span className="mono"> · {source.file}</span>}
      </dd>
      {source.record !== null && (
        <>
          <dt>Record</dt>
          <dd className="mono">{source.record}</dd>
        </>
      )}
      {source.image !== null && (
        <>
          <dt>Image</dt>
          <dd className="mono">{source.image}</dd>
        </>
      )}
      <dt>Created</dt>
      <dd>{when(pose.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>{when(pose.updatedAt)}</dd>
    </dl>
  );
}
