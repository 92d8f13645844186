import { describe, expect, it } from 'vitest';
import { OnnxSession } from '../onnx/node/session';
import { GRAD_RULES } from './autodiff';
import { type SessionFactory, checkCase } from './gradcheck';
import { GRAD_CASES } from './gradcheck-cases';
import { mul } from './ops';

const create: SessionFactory = async (bytes) => {
  // Optimisation off: the checker tests our rules, not ORT's fusions.
  const s = await OnnxSession.create(bytes, { optimization: 'disabled' });
  return { run: (feeds, fetch) => s.runFloats(feeds, fetch), dispose: () => s.dispose() };
};

describe('gradient checker', () => {
  it('has at least one case for every gradient rule', () => {
    const covered = new Set(GRAD_CASES.map((c) => c.rule));
    const missing = Object.keys(GRAD_RULES).filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });

  it.each(GRAD_CASES.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const result = await checkCase(c, create);
    expect(result, JSON.stringify(result)).toMatchObject({ passed: true });
  });
});

describe('gradient checker sensitivity', () => {
  it('fails a deliberately wrong rule', async () => {
    const original = GRAD_RULES.Exp;
    if (!original) throw new Error('Exp rule missing');
    // d exp(x) claimed as 1.01 exp(x): a 1% error must be caught.
    GRAD_RULES.Exp = (e, gy) => original(e, gy).map((g) => (g ? mul(g, g.graph.scalar(1.01)) : g));
    try {
      const c = GRAD_CASES.find((k) => k.rule === 'Exp');
      if (!c) throw new Error('no Exp case');
      expect((await checkCase(c, create)).passed).toBe(false);
    } finally {
      GRAD_RULES.Exp = original;
    }
  });
});
