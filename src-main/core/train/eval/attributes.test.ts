import { describe, expect, it } from 'vitest';
import { createRng } from '../../generate/prng';
import {
  attributeKnown,
  attributeLabels,
  attributeProbe,
  balancedAccuracy,
  deriveAttributes,
} from './attributes';
import type { FeatureSet } from './featureSet';
import { syntheticFeatures } from './synthetic';

const COLORS = ['red', 'blue', 'green', 'black', 'white'];

/** Records shaped like the mannequin's attributesOf (render.ts), drawn from a seed. */
function mannequinRecords(count: number, seed: number): Record<string, unknown>[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const pattern = rng.pick(['solid', 'solid', 'stripes', 'checks']);
    return {
      identity: `look-${i}`,
      build: rng.range(0.85, 1.2),
      skin: rng.pick(['light', 'medium', 'dark']),
      top: {
        kind: rng.pick(['tshirt', 'shirt']),
        color: rng.pick(COLORS),
        pattern,
        patternColor: pattern === 'solid' ? null : 'white',
      },
      shoes: i % 50 === 0 ? 'pink' : 'black', // pink in 2%: too rare to probe
      hat: rng.chance(0.3) ? { kind: rng.pick(['cap', 'beanie']), color: rng.pick(COLORS) } : null,
      bag: rng.chance(0.4) ? { kind: 'backpack', color: 'black' } : null,
      background: rng.pick(['studio', 'street']),
      setting: rng.pick(['indoor', 'outdoor']),
      glasses: i % 3 === 0,
    };
  });
}

describe('deriveAttributes', () => {
  const records = mannequinRecords(400, 1);
  const { attributes, frequencies } = deriveAttributes(records);
  const names = attributes.map((a) => a.name);

  it('turns presence, categorical values and booleans into binary attributes', () => {
    expect(names).toContain('hat');
    expect(names).toContain('bag');
    expect(names).toContain('glasses');
    expect(names.some((n) => n.startsWith('top.color='))).toBe(true);
    const hat = attributes.find((a) => a.name === 'hat')!;
    expect(Array.from(attributeLabels(hat, records.slice(0, 20)))).toEqual(
      records.slice(0, 20).map((r) => (r.hat ? 1 : 0)),
    );
  });

  it('skips identity, numbers, scene fields, rare or constant values, and duplicates', () => {
    for (const name of names) expect(name).not.toMatch(/^(identity|build|background|setting)\b/);
    expect(names).not.toContain('shoes=pink'); // 2%
    expect(names).not.toContain('shoes=black'); // 98%
    expect(names).not.toContain('top'); // always present
    expect(names).not.toContain('bag.kind=backpack'); // the same labels as `bag`
    // `top.patternColor` present is exactly "not solid": one of the two is kept.
    expect(names.filter((n) => n === 'top.patternColor' || n === 'top.pattern=solid')).toHaveLength(1);
    for (const f of Object.values(frequencies)) expect(f >= 0.05 && f <= 0.95).toBe(true);
  });

  it('keeps the 16 most balanced, in a stable order', () => {
    expect(attributes.length).toBe(16);
    const gaps = names.map((n) => Math.abs(frequencies[n]! - 0.5));
    expect([...gaps].sort((a, b) => a - b)).toEqual(gaps);
    expect(deriveAttributes([...records].reverse())).toEqual(deriveAttributes(records));
    expect(deriveAttributes(records, { maxAttributes: 3 }).attributes).toHaveLength(3);
  });

  it('derives nothing from empty records', () => {
    expect(deriveAttributes(records.map(() => ({}))).attributes).toEqual([]);
  });
});

describe('deriveAttributes on records of two generators', () => {
  // SD variants' records hold only what the prompt said: no skin, no hat key, sometimes no top.
  const mannequin = mannequinRecords(200, 4);
  const sd = Array.from({ length: 200 }, (_, i) =>
    i % 4 === 3 ? { source: 'prompt' } : { source: 'prompt', top: { color: COLORS[i % COLORS.length] } },
  );
  const records = [...mannequin, ...sd];
  const { attributes, frequencies } = deriveAttributes(records);
  const names = attributes.map((a) => a.name);

  it('treats a missing field as unknown, not as "no", so no attribute just tells the generators apart', () => {
    expect(names).not.toContain('skin');
    expect(names).not.toContain('top.kind');
    expect(names).not.toContain('source');
    const glasses = attributes.find((a) => a.name === 'glasses')!;
    expect(Array.from(attributeKnown(glasses, sd)).every((k) => k === 0)).toBe(true);
    expect(frequencies.glasses).toBeCloseTo(mannequin.filter((r) => r.glasses).length / 200, 6);
    // top.color is known in both: SD records that name a colour count.
    expect(frequencies['top.color=red']).toBeGreaterThan(0.1);
  });

  it('keeps a null field or ancestor as a known absence', () => {
    const hatColor = attributes.find((a) => a.name.startsWith('hat.color='));
    const hat = attributes.find((a) => a.name === 'hat')!;
    expect(attributeKnown(hat, mannequin).every((k) => k === 1)).toBe(true);
    if (hatColor) expect(attributeKnown(hatColor, mannequin).every((k) => k === 1)).toBe(true);
  });
});

describe('balancedAccuracy', () => {
  it('is (TPR + TNR) / 2, null when a class is absent', () => {
    const labels = Uint8Array.from([1, 1, 1, 1, 0, 0]);
    const p = Float64Array.from([0.9, 0.8, 0.7, 0.1, 0.2, 0.6]);
    expect(balancedAccuracy(p, labels)).toBeCloseTo((3 / 4 + 1 / 2) / 2, 12);
    expect(balancedAccuracy(p, new Uint8Array(6))).toBeNull();
  });
});

/** A set whose [CLS] is a one-hot code of the record's values (perfect) or pure noise. */
function coded(records: Record<string, unknown>[], perfect: boolean, seed: number): FeatureSet {
  const base = syntheticFeatures({
    poses: records.length,
    variantsPerPose: 1,
    identities: records.length,
    dim: 16,
    grid: [1, 1],
    seed,
    content: 'noise',
    noise: 1,
  });
  const keys = (r: Record<string, unknown>) => {
    const top = r.top as { kind: string; color: string; pattern: string };
    const hat = r.hat as { kind: string; color: string } | null;
    return [
      `top:${top.kind}:${top.color}:${top.pattern}`.split(':').map((v, i) => `${i}${v}`),
      [
        `s${String(r.skin)}`,
        `hat:${hat?.kind}`,
        `hc:${hat?.color}`,
        `b${r.bag ? 1 : 0}`,
        `g${String(r.glasses)}`,
      ],
    ].flat();
  };
  const vocabulary = [...new Set(records.flatMap(keys))].sort();
  const dim = vocabulary.length;
  const cls = new Float32Array(records.length * dim);
  if (perfect) records.forEach((r, i) => keys(r).forEach((k) => (cls[i * dim + vocabulary.indexOf(k)] = 1)));
  else {
    const rng = createRng(seed);
    cls.forEach((_, i) => (cls[i] = rng.range(-1, 1)));
  }
  return { ...base, dim, cls, pose: null, attributes: records };
}

describe('attributeProbe', () => {
  const train = mannequinRecords(600, 2);
  const test = mannequinRecords(300, 3);

  it('scores mA 1 when [CLS] encodes the attributes', () => {
    const r = attributeProbe(coded(train, true, 1), coded(test, true, 2))!;
    expect(r.meanAccuracy).toBe(1);
    expect(Object.keys(r.perAttribute)).toHaveLength(16);
    expect(r.details.unconverged).toEqual([]);
  });

  it('scores mA near 0.5 on random features', () => {
    const r = attributeProbe(coded(train, false, 3), coded(test, false, 4))!;
    expect(r.meanAccuracy).toBeGreaterThan(0.4);
    expect(r.meanAccuracy).toBeLessThan(0.6);
  });

  it('fits and scores an attribute only on the records that know it', () => {
    // Features still encode every hat, but every other record's attributes lack the hat key:
    // counting those as "no hat" would make perfect features look wrong.
    const strip = (rs: Record<string, unknown>[]) =>
      rs.map((r, i) => {
        if (i % 2 === 0) return r;
        const { hat: _hat, ...rest } = r;
        return rest;
      });
    const trainSet = { ...coded(train, true, 1), attributes: strip(train) };
    const testSet = { ...coded(test, true, 2), attributes: strip(test) };
    const r = attributeProbe(trainSet, testSet)!;
    expect(r.perAttribute.hat).toBe(1);
    expect(r.meanAccuracy).toBe(1);
  });

  it('skips attributes the test set cannot score, and is null without attributes', () => {
    const noHats = test.map((r) => ({ ...r, hat: null }));
    const r = attributeProbe(coded(train, true, 1), coded(noHats, true, 2))!;
    expect(r.details.skipped).toEqual(expect.arrayContaining(['hat']));
    expect(r.perAttribute.hat).toBeUndefined();
    const empty = coded(train, true, 1);
    expect(attributeProbe({ ...empty, attributes: train.map(() => ({})) }, coded(test, true, 2))).toBeNull();
  });
});
