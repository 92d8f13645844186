/**
 * @file One variant in full: its RGB image, depth map and part mask side by side (and, for a
 * ControlNet variant, the condition map it was steered by), how it was made (pose, run, generator,
 * seed, prompt, size), the face-defect ground truth, and its attributes and parameters as pretty,
 * collapsible JSON.
 */
import type { Variant } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { Dialog } from '../../ui/Dialog';

export function VariantDetail({ variant, onClose }: { variant: Variant; onClose: () => void }) {
  const { mediaUrl } = useApi();
  const images: Array<{ label: string; path: string | null }> = [
    { label: 'RGB', path: variant.media.rgb },
    { label: 'Depth', path: variant.media.depth },
    { label: 'Parts', path: variant.media.parts },
    // Only generators that steer by a control image store one; the others show no empty box for it.
    ...(variant.media.condition === null ? [] : [{ label: 'Condition', path: variant.media.condition }]),
  ];
  const visible = variant.keypoints.filter(([, , v]) => v === 2).length;
  return (
    <Dialog title={`Variant #${variant.id}`} onClose={onClose} wide testId="variant-detail">
      <div className="gen-detail__images">
        {images.map(({ label, path }) => (
          <figure key={label} className="gen-detail__figure">
            {path === null ? (
              <div className="gen-detail__missing" data-testid={`variant-${label.toLowerCase()}-missing`}>
                none
              </div>
            ) : (
              <img
                src={mediaUrl(path)}
                alt={`${label} of variant ${variant.id}`}
                width={variant.width}
                height={variant.height}
                data-testid={`variant-${label.toLowerCase()}`}
              />
            )}
            <figcaption>{label}</figcaption>
          </figure>
        ))}
      </div>
      <dl className="facts facts--compact" data-testid="variant-facts">
        <dt>Pose</dt>
        <dd>
          #{variant.poseId}, variant {variant.index}
        </dd>
        <dt>Run</dt>
        <dd>
          #{variant.runId} · {variant.generator}
        </dd>
        <dt>Seed</dt>
        <dd className="mono">{variant.seed}</dd>
        <dt>Size</dt>
        <dd>
          {variant.width} × {variant.height}
        </dd>
        <dt>Prompt</dt>
        <dd>{variant.prompt === '' ? <em className="muted">(empty)</em> : variant.prompt}</dd>
        <dt>Face defect</dt>
        <dd data-testid="variant-face-defect">{variant.faceDefect ?? 'none (clean face)'}</dd>
        <dt>Keypoints</dt>
        <dd>{visible}/17 visible after occlusion</dd>
        <dt>Status</dt>
        <dd>
          {variant.status}
          {variant.reason ? ` (${variant.reason})` : ''}
        </dd>
      </dl>
      <JsonBlock title="Attributes" value={variant.attributes} open testId="variant-attributes" />
      <JsonBlock title="Parameters" value={variant.params} testId="variant-params" />
    </Dialog>
  );
}

function JsonBlock({
  title,
  value,
  open = false,
  testId,
}: {
  title: string;
  value: Record<string, unknown>;
  open?: boolean;
  testId: string;
}) {
  return (
    <details className="gen-json" open={open} data-testid={testId}>
      <summary>{title}</summary>
      <pre className="gen-json__body">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
