import { describe, expect, it } from 'vitest';
import { CHECK_IDS, CHECKS, defaultThresholds } from './checks';
import { decide, emptyScores, fails, type QualityScores } from './scores';

function scores(values: Partial<QualityScores>): QualityScores {
  return { ...emptyScores(), ...values };
}

describe('checks table', () => {
  it('lists every check once, with a label, a description and a reason template', () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of CHECKS) {
      expect(c.label.length).toBeGreaterThan(0);
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.reason).toContain('{value}');
      expect(c.reason).toContain('{limit}');
      expect(['face', 'image']).toContain(c.group);
    }
    expect(Object.keys(defaultThresholds())).toEqual([...CHECK_IDS]);
  });

  it('gives every check a value range that holds its default limit', () => {
    for (const c of CHECKS) {
      const [min, max] = c.range!;
      expect(min).toBeLessThan(max);
      expect(c.threshold).toBeGreaterThanOrEqual(min);
      expect(c.threshold).toBeLessThanOrEqual(max);
    }
  });

  it('keeps the Laplacian sharpness check but leaves it off by default (face.edges replaces it)', () => {
    expect(decide(scores({ 'face.sharpness': 0.5 })).reject).toBe(false);
    expect(decide(scores({ 'face.sharpness': 12 }), { 'face.sharpness': 70 }).reasons).toEqual([
      'face blurry: sharpness 12 (limit 70)',
    ]);
  });
});

describe('decide', () => {
  it('passes when every score is null (nothing applies)', () => {
    expect(decide(emptyScores())).toEqual({ reject: false, reasons: [], failed: [] });
  });

  it('flags low-is-bad below and high-is-bad above the default limit, and says why', () => {
    const d = decide(
      scores({ 'face.edges': 1.4, 'face.landmarks': 0.9, 'face.size': 40, 'face.eyeOffset': 0.2 }),
    );
    expect(d.reject).toBe(true);
    expect(d.failed).toEqual(['face.landmarks', 'face.edges', 'face.eyeOffset']);
    expect(d.reasons).toEqual([
      'face landmarks off by 0.90 (limit 0.75)',
      'face edges soft: sharpness ratio 1.40 (limit 2.10)',
      'eyes not where the pose puts them: off by 0.200 head widths (limit 0.060)',
    ]);
  });

  it('a score equal to the limit passes', () => {
    expect(fails('face.landmarks', 0.75, 0.75)).toBe(false);
    expect(fails('face.sharpness', 70, 70)).toBe(false);
    expect(fails('face.sharpness', 69.9, 70)).toBe(true);
  });

  it('uses overridden limits, and null switches a check off', () => {
    const s = scores({ 'face.landmarks': 0.5, 'image.entropy': 1 });
    expect(decide(s).failed).toEqual(['image.entropy']);
    expect(decide(s, { 'face.landmarks': 0.42 }).reasons[0]).toBe('face landmarks off by 0.50 (limit 0.42)');
    expect(decide(s, { 'image.entropy': null }).reject).toBe(false);
  });

  it('says so when no face was found, and can judge one group only', () => {
    const s = scores({ 'face.confidence': 0, 'image.blur': 1 });
    expect(decide(s).reasons).toEqual([
      'no face found where the pose puts the head',
      'image blurry: sharpness 1 (limit 20)',
    ]);
    expect(decide(s, {}, { groups: ['face'] }).failed).toEqual(['face.confidence']);
    expect(decide(s, {}, { groups: ['image'] }).failed).toEqual(['image.blur']);
    expect(decide(scores({ 'face.confidence': 0.02 })).reasons).toEqual([
      'face confidence 0.02 (limit 0.05)',
    ]);
  });
});
