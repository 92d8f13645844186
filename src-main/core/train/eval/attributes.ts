/**
 * @file Probe 4 (methods.md 5.4, the PA-100K analogue): binary attributes derived from the
 * variants' attribute records, one logistic regression per attribute on [CLS], scored by mA, the
 * mean over attributes of the balanced accuracy (TPR + TNR) / 2 on the test set.
 *
 * Derivation is deterministic and uses the training records only. Records are walked as nested
 * objects (paths like `top.color`); each path yields candidates:
 * - `path` for "present" (not null) where a field is sometimes null, e.g. `hat`, `bag`;
 * - `path=value` for each value of a string field, e.g. `top.color=red`;
 * - `path` for a boolean field being true.
 * Numbers (e.g. `build`, a continuous draw: noise for a binary probe) and arrays are skipped,
 * and so are the excluded paths: by default the identity (a hash, the re-ID label) and the scene
 * fields `background` and `setting`, which describe the place, not the person a pedestrian
 * attribute describes. A candidate is kept when its training frequency is within [5%, 95%];
 * candidates are ranked most balanced first (then by name), one that labels the training set
 * exactly like (or exactly opposite to) a better-ranked one is dropped (e.g. `top.patternColor`
 * duplicates `top.pattern=solid`), and at most 16 are kept.
 *
 * A record that lacks a field altogether (its key, or an ancestor's key, is missing: an SD
 * variant's record holds only what its prompt said) leaves that attribute unknown for it, not
 * "no": unknown records are left out of the attribute's frequency, fit and score. Otherwise a run
 * mixing generators would probe "which generator made this" under an attribute's name. A null
 * field or ancestor (`hat: null`) is a known absence. An attribute needs a quarter of the
 * training records to know it.
 */
import type { FeatureSet } from './featureSet';
import { DEFAULT_LOGISTIC_LAMBDA, fitLogistic, logisticDesign, predictLogistic } from './logistic';

export interface BinaryAttribute {
  name: string;
  path: readonly string[];
  kind: 'present' | 'equals' | 'true';
  value?: string;
}

export interface AttributeOptions {
  /** Dotted paths left out, with everything under them. */
  exclude?: readonly string[];
  maxAttributes?: number;
  /** Kept when minFrequency <= training frequency <= 1 - minFrequency. */
  minFrequency?: number;
  /** L2 strength of the logistic regressions. */
  lambda?: number;
}

export const DEFAULT_ATTRIBUTE_EXCLUDE: readonly string[] = ['identity', 'background', 'setting'];
export const DEFAULT_MAX_ATTRIBUTES = 16;
export const DEFAULT_MIN_FREQUENCY = 0.05;
/** Share of the training records that must know an attribute for it to be probed. */
const MIN_KNOWN_SHARE = 0.25;

type Rec = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a path; `MISSING` when a key on the way is absent (unknown), null under a null. */
const MISSING = Symbol('missing');

function valueAt(record: Rec, path: readonly string[]): unknown {
  let v: unknown = record;
  for (const key of path) {
    if (v === null) return null;
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, key)) return MISSING;
    v = v[key];
  }
  return v;
}

/** 1/0 per record for one attribute (0 where the record does not know it: see attributeKnown). */
export function attributeLabels(attribute: BinaryAttribute, records: readonly Rec[]): Uint8Array {
  return Uint8Array.from(records, (record) => {
    const v = valueAt(record, attribute.path);
    if (v === MISSING) return 0;
    if (attribute.kind === 'present') return v !== null && v !== undefined ? 1 : 0;
    if (attribute.kind === 'true') return v === true ? 1 : 0;
    return v === attribute.value ? 1 : 0;
  });
}

/** 1 where the record knows the attribute (the field or a null ancestor is there), else 0. */
export function attributeKnown(attribute: BinaryAttribute, records: readonly Rec[]): Uint8Array {
  return Uint8Array.from(records, (record) => (valueAt(record, attribute.path) === MISSING ? 0 : 1));
}

/** The rows (count x dim) whose mask is 1, and how many. */
function knownRows(x: Float32Array, dim: number, known: Uint8Array): { x: Float32Array; n: number } {
  let n = 0;
  for (const k of known) n += k;
  if (n === known.length) return { x, n };
  const out = new Float32Array(n * dim);
  let r = 0;
  known.forEach((k, i) => {
    if (k) out.set(x.subarray(i * dim, (i + 1) * dim), r++ * dim);
  });
  return { x: out, n };
}

const pickKnown = (values: Uint8Array, known: Uint8Array): Uint8Array => values.filter((_, i) => known[i]);

/** Every candidate attribute the records suggest, keyed by name. */
function candidates(records: readonly Rec[], exclude: readonly string[]): Map<string, BinaryAttribute> {
  const found = new Map<string, BinaryAttribute>();
  const excluded = (dotted: string) => exclude.some((e) => dotted === e || dotted.startsWith(`${e}.`));
  const visit = (value: unknown, path: string[]): void => {
    const dotted = path.join('.');
    if (excluded(dotted)) return;
    if (value === null || value === undefined || isObject(value) || typeof value === 'string')
      found.set(dotted, { name: dotted, path, kind: 'present' });
    if (typeof value === 'boolean') found.set(dotted, { name: dotted, path, kind: 'true' });
    if (typeof value === 'string')
      found.set(`${dotted}=${value}`, { name: `${dotted}=${value}`, path, kind: 'equals', value });
    if (isObject(value)) for (const [key, v] of Object.entries(value)) visit(v, [...path, key]);
  };
  for (const record of records) for (const [key, v] of Object.entries(record)) visit(v, [key]);
  return found;
}

export interface DerivedAttributes {
  attributes: BinaryAttribute[];
  /** Training frequency of each kept attribute. */
  frequencies: Record<string, number>;
}

export function deriveAttributes(records: readonly Rec[], options: AttributeOptions = {}): DerivedAttributes {
  const minFrequency = options.minFrequency ?? DEFAULT_MIN_FREQUENCY;
  const ranked = [...candidates(records, options.exclude ?? DEFAULT_ATTRIBUTE_EXCLUDE).values()]
    .map((attribute) => {
      const labels = attributeLabels(attribute, records);
      const known = attributeKnown(attribute, records);
      const knownCount = known.reduce((s, v) => s + v, 0);
      const frequency = labels.reduce((s, v) => s + v, 0) / Math.max(knownCount, 1);
      const key = Array.from(labels, (v, i) => (known[i] ? String(v) : '-')).join('');
      return { attribute, key, knownCount, frequency };
    })
    .filter((c) => c.knownCount >= Math.max(2, Math.ceil(MIN_KNOWN_SHARE * records.length)))
    .filter((c) => c.frequency >= minFrequency && c.frequency <= 1 - minFrequency)
    .sort(
      (a, b) =>
        Math.abs(a.frequency - 0.5) - Math.abs(b.frequency - 0.5) ||
        (a.attribute.name < b.attribute.name ? -1 : a.attribute.name > b.attribute.name ? 1 : 0),
    );
  const seen = new Set<string>();
  const kept: DerivedAttributes = { attributes: [], frequencies: {} };
  for (const c of ranked) {
    if (kept.attributes.length >= (options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES)) break;
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    seen.add(c.key.replace(/[01]/g, (v) => (v === '1' ? '0' : '1')));
    kept.attributes.push(c.attribute);
    kept.frequencies[c.attribute.name] = c.frequency;
  }
  return kept;
}

/** (TPR + TNR) / 2 of thresholded probabilities, or null when a class is absent. */
export function balancedAccuracy(probabilities: Float64Array, labels: Uint8Array): number | null {
  let tp = 0;
  let tn = 0;
  let positives = 0;
  labels.forEach((y, i) => {
    const predicted = probabilities[i]! >= 0.5;
    if (y) {
      positives += 1;
      if (predicted) tp += 1;
    } else if (!predicted) tn += 1;
  });
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (tp / positives + tn / negatives) / 2;
}

export interface AttributeProbeResult {
  meanAccuracy: number;
  perAttribute: Record<string, number>;
  derived: number;
  details: {
    frequencies: Record<string, number>;
    /** Attributes the test set cannot score (all positive or all negative there). */
    skipped: string[];
    lambda: number;
    /** Newton iterations per attribute (non-converged ones are listed in `unconverged`). */
    iterations: Record<string, number>;
    unconverged: string[];
  };
}

/** Null when no attribute can be derived or none can be scored on the test set. */
export function attributeProbe(
  train: FeatureSet,
  test: FeatureSet,
  options: AttributeOptions = {},
): AttributeProbeResult | null {
  const { attributes, frequencies } = deriveAttributes(train.attributes, options);
  if (attributes.length === 0) return null;
  const lambda = options.lambda ?? DEFAULT_LOGISTIC_LAMBDA;
  const design = logisticDesign(train.cls, train.count, train.dim);
  const perAttribute: Record<string, number> = {};
  const details: AttributeProbeResult['details'] = {
    frequencies,
    skipped: [],
    lambda,
    iterations: {},
    unconverged: [],
  };
  for (const attribute of attributes) {
    const testKnown = attributeKnown(attribute, test.attributes);
    const testLabels = pickKnown(attributeLabels(attribute, test.attributes), testKnown);
    const positives = testLabels.reduce((s, v) => s + v, 0);
    if (positives === 0 || positives === testLabels.length) {
      details.skipped.push(attribute.name);
      continue;
    }
    const trainKnown = attributeKnown(attribute, train.attributes);
    const trainRows = knownRows(train.cls, train.dim, trainKnown);
    const fit = fitLogistic(
      trainRows.n === train.count ? design : logisticDesign(trainRows.x, trainRows.n, train.dim),
      pickKnown(attributeLabels(attribute, train.attributes), trainKnown),
      { lambda },
    );
    details.iterations[attribute.name] = fit.iterations;
    if (!fit.converged) details.unconverged.push(attribute.name);
    const testRows = knownRows(test.cls, test.dim, testKnown);
    perAttribute[attribute.name] = balancedAccuracy(
      predictLogistic(fit.model, testRows.x, testRows.n),
      testLabels,
    )!;
  }
  const scores = Object.values(perAttribute);
  if (scores.length === 0) return null;
  const meanAccuracy = scores.reduce((s, v) => s + v, 0) / scores.length;
  return { meanAccuracy, perAttribute, derived: attributes.length, details };
}
