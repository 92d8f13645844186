/**
 * @file An error shown in place: its code as a badge and the readable message, with an optional
 * dismiss button. Renders nothing for a null error.
 */
import { readableError } from '../api/errors';

export function ErrorNotice({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (error === null || error === undefined) return null;
  const { code, message } = readableError(error);
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={code ?? undefined}>
      {code !== null && <span className="error-notice__code">{code}</span>}
      <span className="error-notice__message">{message}</span>
      {onDismiss && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={onDismiss}
          aria-label="Dismiss error"
        >
          ×
        </button>
      )}
    </div>
  );
}
