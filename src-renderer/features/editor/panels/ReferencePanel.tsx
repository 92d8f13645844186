/**
 * @file Reference image controls: pick an image file to trace over (an object URL the page
 * revokes when it is replaced), its opacity, remove it. When the pose names its source image
 * the panel says which file to pick, and offers it directly when the name is a web address (the
 * catalog keeps the image's name, not the image).
 */
import type { PoseSource } from '../../../../src-main/contract';

export type Reference = { url: string; opacity: number; name: string };

const isWebAddress = (name: string) => /^https?:\/\//i.test(name);

export function ReferencePanel({
  reference,
  source,
  onChange,
}: {
  reference: Reference | null;
  source: PoseSource | null;
  onChange: (reference: Reference | null) => void;
}) {
  const opacity = reference?.opacity ?? 0.5;
  const image = source?.image ?? null;
  return (
    <section className="editor-panel" aria-labelledby="editor-reference-title" data-testid="editor-reference">
      <h3 id="editor-reference-title">Reference image</h3>
      <label className="field">
        <span className="field__label">Image file</span>
        <input
          type="file"
          accept="image/*"
          className="input"
          data-testid="editor-reference-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file !== undefined) onChange({ url: URL.createObjectURL(file), opacity, name: file.name });
          }}
        />
      </label>
      {image !== null && (
        <p className="small muted" data-testid="editor-reference-source">
          Pose source: <span className="mono">{image}</span>
          {isWebAddress(image) ? (
            <>
              {' '}
              <button
                type="button"
                className="button button--small"
                onClick={() => onChange({ url: image, opacity, name: image })}
              >
                Use pose source
              </button>
            </>
          ) : (
            ' (pick that file above to trace over it)'
          )}
        </p>
      )}
      {reference !== null && (
        <>
          <p className="small mono editor-panel__ellipsis" title={reference.name}>
            {reference.name}
          </p>
          <label className="field">
            <span className="field__label">Opacity {Math.round(opacity * 100)}%</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              data-testid="editor-reference-opacity"
              onChange={(event) => onChange({ ...reference, opacity: Number(event.target.value) })}
            />
          </label>
          <button type="button" className="button button--small" onClick={() => onChange(null)}>
            Remove image
          </button>
        </>
      )}
    </section>
  );
}
