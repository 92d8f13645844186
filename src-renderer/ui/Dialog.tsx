/**
 * @file A modal dialog: an overlay with a labelled `role="dialog"` box, Escape to close (unless
 * the caller says it cannot be closed right now), focus moved inside on open and restored after,
 * and Tab kept inside (it wraps), so the keyboard never wanders to the page beneath while it is open.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = ['a[href]', '[tabindex]:not([tabindex="-1"])']
  .concat(['button', 'input', 'select', 'textarea'].map((tag) => `${tag}:not(:disabled)`))
  .join(', ');

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function keepTabInside(event: KeyboardEvent, box: HTMLElement): void {
  // Filtered in document order (jsdom's selector engine groups a selector list's matches).
  const items = [...box.querySelectorAll<HTMLElement>('*')].filter((node) => node.matches(FOCUSABLE));
  const first = items[0];
  const last = items.at(-1);
  const active = document.activeElement;
  if (first === undefined || last === undefined) event.preventDefault();
  else if (event.shiftKey && (active === first || active === box)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide = false,
  testId,
}: {
  title: string;
  /** Null while the dialog must stay open (e.g. during work that cannot be dismissed). */
  onClose: (() => void) | null;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const field = box.current?.querySelector<HTMLElement>('.dialog__body :is(input, select, textarea)');
    const action = box.current?.querySelector<HTMLElement>(
      '.dialog__footer button:last-child:not([disabled])',
    );
    (field ?? action ?? box.current)?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="dialog-overlay">
      <div
        ref={box}
        className={`dialog${wide ? ' dialog--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape' && onClose) onClose();
          else if (event.key === 'Tab') keepTabInside(event, event.currentTarget);
        }}
      >
        <header className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          {onClose && (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={onClose}
              aria-label="Close"
            >
              ×
            </button>
          )}
        </header>
        <div className="dialog__body">{children}</div>
        {footer && <footer className="dialog__footer">{footer}</footer>}
      </div>
    </div>
  );
}
