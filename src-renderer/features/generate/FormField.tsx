/**
 * @file One labelled form field with optional help and an inline error: the control gets its id,
 * `aria-invalid` and `aria-describedby` (help and error) through a render prop.
 */
import { useId, type ReactNode } from 'react';

export type FieldControl = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

export function FormField({
  label,
  error,
  help,
  testId,
  children,
}: {
  label: string;
  error?: string | null;
  help?: ReactNode;
  testId?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className="field gen-field" data-testid={testId}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy || undefined })}
      {help && (
        <span className="gen-field__help" id={helpId}>
          {help}
        </span>
      )}
      {error && (
        <span className="gen-field__error" id={errorId} data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </div>
  );
}
