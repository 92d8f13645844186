/**
 * @file The latest picture of a variant in the making (`generate.preview`: SD's latent preview, a
 * small PNG at 1/8 of the output size), shown scaled up with its step ("step k/n") while its run
 * is live. Previews of other runs are ignored; a finished run shows none.
 */
import { useState } from 'react';
import type { EventPayload, GenerationRun } from '../../../src-main/contract';
import { useEvent } from '../../api/hooks';

type Preview = EventPayload<'generate.preview'>;

const FINISHED: readonly GenerationRun['state'][] = ['done', 'failed', 'cancelled'];
/** Display size of the preview's longer side, in CSS pixels. */
export const PREVIEW_SIZE = 96;

export function LivePreview({ run }: { run: GenerationRun }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  useEvent('generate.preview', (payload) => {
    if (payload.runId === run.id) setPreview(payload);
  });
  if (preview === null || preview.runId !== run.id || FINISHED.includes(run.state)) return null;
  const scale = PREVIEW_SIZE / Math.max(preview.width, preview.height);
  const caption = `step ${preview.step}/${preview.steps}`;
  return (
    <figure className="gen-preview" data-testid="live-preview">
      <img
        className="gen-preview__image"
        src={preview.dataUrl}
        width={Math.round(preview.width * scale)}
        height={Math.round(preview.height * scale)}
        alt={`Preview of pose ${preview.poseId}, variant ${preview.index}, ${caption}`}
      />
      <figcaption className="gen-preview__caption">
        <span data-testid="live-preview-step">{caption}</span>
        <span className="muted">
          pose {preview.poseId} #{preview.index}
        </span>
      </figcaption>
    </figure>
  );
}
