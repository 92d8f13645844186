/**
 * @file A generator's options as a small form, from the JSON Schema the contract carries
 * (`GeneratorInfo.optionsSchema`, made from its zod schema): enums become selects, numbers and
 * integers number inputs with their bounds and a step that suits the range, booleans checkboxes,
 * strings text inputs. Anything else (objects, arrays) is listed as not editable here and left to
 * the generator's default. Number fields are edited as text and parsed at submit.
 *
 * Options that need app data carry a hint under `x-studio` (a zod `.meta()` key, which
 * z.toJSONSchema keeps). This is the one place hints are read: `x-studio: 'model'` on an integer
 * makes a `model` field, a select of the project's models (models.list) whose empty value means
 * "the project's default model" and is left out of the request. Pure.
 */

import { OPTION_HINT_KEY } from '../../../../src-main/contract';

type Scalar = string | number | boolean;

/** The hint key, from the contract (the generators set it with the same constant). */
export const STUDIO_HINT = OPTION_HINT_KEY;

type FieldBase = {
  key: string;
  label: string;
  description: string | null;
  /** Required and without a default: an empty value is an error. */
  required: boolean;
};

export type OptionField = FieldBase &
  (
    | { kind: 'enum'; choices: Scalar[]; default: Scalar | null }
    | {
        kind: 'number' | 'integer';
        min: number | null;
        max: number | null;
        exclusiveMin: boolean;
        exclusiveMax: boolean;
        /** The number input's step: 1 for integers, about a twentieth of a bounded range, else null (any). */
        step: number | null;
        default: number | null;
      }
    /** A model of the project (models.list id); the empty value is the project's default model. */
    | { kind: 'model'; default: null }
    | { kind: 'boolean'; default: boolean }
    | { kind: 'string'; default: string | null }
  );

/** Form values: enum choices and booleans as they are; numbers and strings as typed text. */
export type OptionValues = Readonly<Record<string, Scalar>>;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const finiteOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** `faceDefectRate` → `Face defect rate`. */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The non-null member of a nullable schema (`anyOf`/`oneOf` with null, or `type: [t, 'null']`). */
function unwrap(schema: JsonObject): JsonObject {
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    const members = union.filter(isObject).filter((member) => member.type !== 'null');
    if (members.length === 1) return { ...members[0], ...withoutUnion(schema) };
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type) => type !== 'null');
    if (types.length === 1) return { ...schema, type: types[0] };
  }
  return schema;
}

function withoutUnion(schema: JsonObject): JsonObject {
  const rest = { ...schema };
  delete rest.anyOf;
  delete rest.oneOf;
  return rest;
}

/**
 * A step for a number input: the schema's multipleOf, 1 for integers, else a round twentieth of a
 * bounded range (guidance 0..30: 0.5; a scale 0..2 or a share 0..1: 0.05), else null (any value).
 */
export function numberStep(
  kind: 'number' | 'integer',
  min: number | null,
  max: number | null,
  multipleOf: number | null,
): number | null {
  if (multipleOf !== null && multipleOf > 0) return multipleOf;
  if (kind === 'integer') return 1;
  if (min === null || max === null || max <= min) return null;
  return 10 ** Math.floor(Math.log10(max - min)) / 20;
}

function fieldOf(key: string, raw: JsonObject, required: boolean): OptionField | null {
  const schema = unwrap(raw);
  const base: FieldBase = {
    key,
    label: typeof schema.title === 'string' ? schema.title : humanize(key),
    description: typeof schema.description === 'string' ? schema.description : null,
    required: required && !('default' in schema),
  };
  const fallback = schema.default;
  if (schema[STUDIO_HINT] === 'model' && (schema.type === 'integer' || schema.type === 'number')) {
    return {
      ...base,
      label: typeof schema.title === 'string' ? schema.title : 'Model',
      kind: 'model',
      default: null,
    };
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isScalar)) {
    const choices = schema.enum as Scalar[];
    return { ...base, kind: 'enum', choices, default: isScalar(fallback) ? fallback : null };
  }
  if (isScalar(schema.const))
    return { ...base, kind: 'enum', choices: [schema.const], default: schema.const };
  if (schema.type === 'number' || schema.type === 'integer') {
    const exclusiveMin = finiteOrNull(schema.exclusiveMinimum);
    const exclusiveMax = finiteOrNull(schema.exclusiveMaximum);
    const min = exclusiveMin ?? finiteOrNull(schema.minimum);
    const max = exclusiveMax ?? finiteOrNull(schema.maximum);
    return {
      ...{ ...base, kind: schema.type, min, max },
      exclusiveMin: exclusiveMin !== null,
      exclusiveMax: exclusiveMax !== null,
      step: numberStep(schema.type, min, max, finiteOrNull(schema.multipleOf)),
      default: finiteOrNull(fallback),
    };
  }
  if (schema.type === 'boolean') return { ...base, kind: 'boolean', default: fallback === true };
  if (schema.type === 'string') {
    return { ...base, kind: 'string', default: typeof fallback === 'string' ? fallback : null };
  }
  return null;
}

/** The form fields of an object schema, in property order; `skipped` names what is not editable. */
export function optionFields(schema: Readonly<Record<string, unknown>>): {
  fields: OptionField[];
  skipped: string[];
} {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields: OptionField[] = [];
  const skipped: string[] = [];
  for (const [key, raw] of Object.entries(properties)) {
    const field = isObject(raw) ? fieldOf(key, raw, required.has(key)) : null;
    if (field === null) skipped.push(key);
    else fields.push(field);
  }
  return { fields, skipped };
}

/** Whether a generator's options include a model of the project (it needs the Models page). */
export function needsModel(schema: Readonly<Record<string, unknown>>): boolean {
  return optionFields(schema).fields.some((field) => field.kind === 'model');
}

/**
 * Initial form values: each field's default (numbers as text; an enum without one takes its first
 * choice; a model field starts empty: the project's default model).
 */
export function initialValues(fields: readonly OptionField[]): OptionValues {
  const values: Record<string, Scalar> = {};
  for (const field of fields) {
    if (field.kind === 'enum') values[field.key] = field.default ?? field.choices[0]!;
    else if (field.kind === 'boolean') values[field.key] = field.default;
    else if (field.kind === 'model') values[field.key] = '';
    else values[field.key] = field.default === null ? '' : String(field.default);
  }
  return values;
}

function numberError(field: Extract<OptionField, { kind: 'number' | 'integer' }>, value: number) {
  if (field.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
  if (field.min !== null && (field.exclusiveMin ? value <= field.min : value < field.min)) {
    return `must be ${field.exclusiveMin ? 'above' : 'at least'} ${field.min}`;
  }
  if (field.max !== null && (field.exclusiveMax ? value >= field.max : value > field.max)) {
    return `must be ${field.exclusiveMax ? 'below' : 'at most'} ${field.max}`;
  }
  return null;
}

/**
 * The options object for the request, and an error per field that does not parse. An empty
 * optional field is left out (the generator applies its default).
 */
export function parseOptions(
  fields: readonly OptionField[],
  values: OptionValues,
): { options: Record<string, unknown>; errors: Record<string, string> } {
  const options: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.kind === 'enum' || field.kind === 'boolean') {
      if (value !== undefined) options[field.key] = value;
      continue;
    }
    const text = value === undefined ? '' : String(value).trim();
    if (text === '') {
      if (field.required) errors[field.key] = 'required';
      continue;
    }
    if (field.kind === 'model') {
      const id = Number(text);
      if (Number.isInteger(id) && id > 0) options[field.key] = id;
      else errors[field.key] = 'pick a model';
      continue;
    }
    if (field.kind === 'string') {
      options[field.key] = String(value);
      continue;
    }
    const number = Number(text);
    const error = Number.isFinite(number) ? numberError(field, number) : 'must be a number';
    if (error === null) options[field.key] = number;
    else errors[field.key] = error;
  }
  return { options, errors };
}
