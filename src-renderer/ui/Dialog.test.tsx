// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Dialog } from './Dialog';

afterEach(cleanup);

function renderDialog(onClose: (() => void) | null = () => undefined) {
  render(
    <Dialog
      title="Question"
      onClose={onClose}
      testId="dialog"
      footer={
        <>
          <button type="button">Cancel</button>
          <button type="button" disabled>
            Later
          </button>
          <button type="button">OK</button>
        </>
      }
    >
      <input aria-label="Name" />
    </Dialog>,
  );
  return screen.getByTestId('dialog');
}

describe('Dialog', () => {
  it('moves focus to its first field on open and closes on Escape', () => {
    const onClose = vi.fn();
    const box = renderDialog(onClose);
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('keeps Tab inside: from the last control to the first, Shift+Tab back to the last', () => {
    const box = renderDialog();
    const close = screen.getByRole('button', { name: 'Close' });
    const ok = screen.getByRole('button', { name: 'OK' });
    ok.focus();
    expect(fireEvent.keyDown(ok, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(close);
    expect(fireEvent.keyDown(close, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(ok);
    // In between, Tab is left to the browser.
    const name = screen.getByLabelText('Name');
    name.focus();
    expect(fireEvent.keyDown(name, { key: 'Tab' })).toBe(true);
    box.focus();
    fireEvent.keyDown(box, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(ok);
  });
});
