/**
 * @file Canvas size: the common ControlNet sizes as one click, or a custom width and height;
 * the pose is scaled with the canvas (uniformly, centred) unless told to keep its pixels. A size
 * change is one undo step (the session keeps the editor from before it).
 */
import { useState } from 'react';
import type { EditSession, ResizeMode } from '../session/editSession';
import { useSessionValue } from '../session/useEditorController';

export const SIZE_PRESETS: readonly { width: number; height: number }[] = [
  { width: 512, height: 512 },
  { width: 512, height: 768 },
  { width: 768, height: 512 },
];

export const MIN_SIDE = 16;
export const MAX_SIDE = 8192;

/** A side typed in the custom fields, or null when it is not a whole number in range. */
export function parseSide(text: string): number | null {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= MIN_SIDE && value <= MAX_SIDE ? value : null;
}

export function CanvasSizePanel({ session }: { session: EditSession }) {
  const width = useSessionValue(session, (s) => s.editor.state.width, 0);
  const height = useSessionValue(session, (s) => s.editor.state.height, 0);
  const [mode, setMode] = useState<ResizeMode>('fit');
  return (
    <section className="editor-panel" aria-labelledby="editor-size-title" data-testid="editor-canvas-size">
      <h3 id="editor-size-title">
        Canvas{' '}
        <span className="muted mono" data-testid="editor-size-current">
          {width} × {height}
        </span>
      </h3>
      <div className="row">
        {SIZE_PRESETS.map((size) => (
          <button
            key={`${size.width}x${size.height}`}
            type="button"
            className="button button--small"
            aria-pressed={size.width === width && size.height === height}
            data-testid={`editor-size-${size.width}x${size.height}`}
            onClick={() => session.resize(size.width, size.height, mode)}
          >
            {size.width}×{size.height}
          </button>
        ))}
      </div>
      <CustomSize
        key={`${width}x${height}`}
        width={width}
        height={height}
        onApply={(w, h) => session.resize(w, h, mode)}
      />
      <label className="checkbox small">
        <input
          type="checkbox"
          checked={mode === 'fit'}
          onChange={(event) => setMode(event.target.checked ? 'fit' : 'keep')}
        />
        Scale the pose with the canvas
      </label>
    </section>
  );
}

function CustomSize({
  width,
  height,
  onApply,
}: {
  width: number;
  height: number;
  onApply: (width: number, height: number) => void;
}) {
  const [w, setW] = useState(String(width));
  const [h, setH] = useState(String(height));
  const pw = parseSide(w);
  const ph = parseSide(h);
  const valid = pw !== null && ph !== null;
  return (
    <form
      className="row editor-size-custom"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onApply(pw, ph);
      }}
    >
      <input
        className="input input--narrow"
        inputMode="numeric"
        aria-label="Canvas width"
        data-testid="editor-size-width"
        value={w}
        onChange={(event) => setW(event.target.value)}
      />
      <span className="muted">×</span>
      <input
        className="input input--narrow"
        inputMode="numeric"
        aria-label="Canvas height"
        data-testid="editor-size-height"
        value={h}
        onChange={(event) => setH(event.target.value)}
      />
      <button
        type="submit"
        className="button button--small"
        disabled={!valid}
        data-testid="editor-size-apply"
      >
        Apply
      </button>
      {!valid && (
        <span className="form-error small">
          {MIN_SIDE}–{MAX_SIDE} px
        </span>
      )}
    </form>
  );
}
