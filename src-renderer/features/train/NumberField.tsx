/**
 * @file One numeric text field of the Train form: typed text in the form state, the error the
 * contract's schema gave for its request path shown inline (through the Generate page's
 * FormField), and a test id derived from the field name (`lr` -> `train-lr`).
 */
import type { ReactNode } from 'react';
import { FormField } from '../generate/FormField';
import { FIELD_PATHS, type TextField } from './model/trainForm';
import type { TrainForm } from './useTrainForm';

/** `weightDecay` -> `train-weight-decay`. */
export function fieldTestId(name: string): string {
  return `train-${name.replace(/[A-Z.]/g, (c) => (c === '.' ? '-' : `-${c.toLowerCase()}`))}`;
}

export function NumberField({
  form,
  field,
  label,
  help,
  step = 'any',
}: {
  form: TrainForm;
  field: TextField;
  label: string;
  help?: ReactNode;
  step?: string;
}) {
  const testId = fieldTestId(field);
  return (
    <FormField label={label} error={form.errors[FIELD_PATHS[field]]} help={help} testId={`${testId}-field`}>
      {(control) => (
        <input
          {...control}
          className="input train-input"
          type="number"
          step={step}
          value={form.state[field]}
          onChange={(event) => form.update({ [field]: event.target.value })}
          data-testid={testId}
        />
      )}
    </FormField>
  );
}
