import { describe, expect, it } from 'vitest';
import { type Feed, OnnxSession } from '../onnx/node/session';
import { rng } from './gradcheck';
import { Graph, type Tensor } from './graph';
import { infoNceTwoView, multiPositiveLoss } from './losses';
import * as op from './ops';
import { type RecipeModel, type RecipeName, buildRecipe, parseRecipe } from './recipes';
import { buildTrainStep, decayMask } from './step';
import { type VitConfig, VIT_TINY, flattenParams, projectionHead, vitForward } from './vit';

const VIT: VitConfig = { ...VIT_TINY, imageSize: [16, 16] };
const BATCH = { groups: 2, members: 2 };
const HEAD = { hidden: 32, out: 16 };
const IDS = [0, 0, 1, 1];

function randomData(model: RecipeModel, seed: number, f64: boolean): Record<string, Feed> {
  const next = rng(seed);
  const feeds: Record<string, Feed> = {};
  for (const d of model.data) {
    const n = d.shape.reduce((a, b) => a * b, 1);
    if (d.dtype === 'int64') feeds[d.name] = { data: BigInt64Array.from(IDS.map(BigInt)), dims: d.shape };
    else {
      const values = Array.from({ length: n }, () => 2 * next() - 1);
      feeds[d.name] = { data: f64 ? Float64Array.from(values) : Float32Array.from(values), dims: d.shape };
    }
  }
  return feeds;
}

/** Three AdamW steps of the recipe in float32; returns the loss of each step. */
async function threeSteps(name: RecipeName): Promise<number[]> {
  const model = buildRecipe({ recipe: name, head: HEAD }, VIT, BATCH, 1);
  const step = buildTrainStep({ params: model.params.specs, data: model.data, loss: model.loss });
  const s = await OnnxSession.create(step.bytes);
  const n = step.layout.total;
  let state: Record<'theta' | 'm' | 'v', Float32Array> = {
    theta: flattenParams(model.params),
    m: new Float32Array(n),
    v: new Float32Array(n),
  };
  const mask = decayMask(step.layout);
  const losses: number[] = [];
  try {
    for (let t = 1; t <= 3; t++) {
      const out = await s.runFloats({
        ...randomData(model, t, false),
        theta: { data: state.theta, dims: [n] },
        m: { data: state.m, dims: [n] },
        v: { data: state.v, dims: [n] },
        decay_mask: { data: mask, dims: [n] },
        lr: { data: Float32Array.of(1e-3), dims: [] },
        step: { data: Float32Array.of(t), dims: [] },
      });
      losses.push(out.loss![0]!);
      state = {
        theta: out.new_theta as Float32Array,
        m: out.new_m as Float32Array,
        v: out.new_v as Float32Array,
      };
    }
  } finally {
    await s.dispose();
  }
  return losses;
}

/** A float64 graph with the recipe's parameters and data as inputs; outputs what `outputs` builds. */
async function runF64(
  model: RecipeModel,
  outputs: (g: Graph, p: Record<string, Tensor>, d: Record<string, Tensor>) => Record<string, Tensor>,
): Promise<Record<string, number>> {
  const g = new Graph({ dtype: 'float64' });
  const p = Object.fromEntries(model.params.specs.map((s) => [s.name, g.input(s.name, s.shape)]));
  const d = Object.fromEntries(
    model.data.map((x) => [x.name, g.input(x.name, x.shape, x.dtype ?? 'float64')]),
  );
  const outs = outputs(g, p, d);
  for (const [name, t] of Object.entries(outs)) g.output(t, name);
  const feeds = randomData(model, 7, true);
  for (const s of model.params.specs)
    feeds[s.name] = { data: Float64Array.from(model.params.values[s.name]!), dims: s.shape };
  const s = await OnnxSession.create(g.toBytes());
  try {
    const res = await s.runFloats(feeds);
    return Object.fromEntries(Object.keys(outs).map((k) => [k, res[k]![0]!]));
  } finally {
    await s.dispose();
  }
}

describe('recipes', () => {
  it('validates configs and fills in the methods.md defaults', () => {
    expect(parseRecipe({ recipe: 'genpoccl' })).toMatchObject({
      mpWeight: 0.05,
      alignWeight: 0.05,
      mpTemperature: 0.1,
      alignTemperature: 0.2,
      head: { hidden: 512, out: 128 },
    });
    expect(parseRecipe({ recipe: 'simclr' })).toMatchObject({ temperature: 0.1 });
    expect(() => parseRecipe({ recipe: 'byol' })).toThrow();
    expect(() => parseRecipe({ recipe: 'stablerep', temperature: -1 })).toThrow();
    expect(() => parseRecipe({ recipe: 'simclr', extra: 1 })).toThrow();
    expect(() => buildRecipe({ recipe: 'genpoccl' }, { ...VIT, poseToken: false }, BATCH)).toThrow(/POSE/);
    expect(() => buildRecipe({ recipe: 'stablerep' }, VIT, { groups: 4, members: 1 })).toThrow(/members/);
  });

  it('declares the data each recipe feeds', () => {
    const names = (r: RecipeName) => buildRecipe({ recipe: r }, VIT, BATCH).data.map((d) => d.name);
    expect(names('simclr')).toEqual(['view1', 'view2']);
    expect(names('stablerep')).toEqual(['images', 'group_ids']);
    expect(names('genpoccl')).toEqual(['view1', 'view2', 'group_ids']);
    const pose = buildRecipe({ recipe: 'genpoccl' }, VIT, BATCH).params.specs.filter((s) =>
      s.name.startsWith('heads.pose'),
    );
    expect(pose.map((s) => s.name)).toEqual([
      'heads.pose.fc1.weight',
      'heads.pose.fc1.bias',
      'heads.pose.bn.weight',
      'heads.pose.bn.bias',
      'heads.pose.fc2.weight',
      'heads.pose.fc2.bias',
    ]);
  });

  it.each(['simclr', 'stablerep', 'genpoccl'] as const)(
    '%s builds and runs 3 training steps with a finite loss',
    async (name) => {
      const losses = await threeSteps(name);
      expect(losses).toHaveLength(3);
      for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    },
    60_000,
  );

  it('genpoccl loss is the weighted sum of L_mp on [POSE] and HAP L_align on [CLS]', async () => {
    const cfg = { recipe: 'genpoccl', head: HEAD, mpWeight: 0.3, alignWeight: 0.7 };
    const model = buildRecipe(cfg, VIT, BATCH, 2);
    const got = await runF64(model, (g, p, d) => {
      const total = model.loss(g, p, d);
      // The parts, built separately: each view through the encoder on its own.
      const enc = (v: Tensor) => vitForward(g, p, v, VIT);
      const [e1, e2] = [enc(d.view1!), enc(d.view2!)];
      const zp = op.concat(
        [projectionHead(g, p, e1.pose!, 'pose'), projectionHead(g, p, e2.pose!, 'pose')],
        0,
      );
      const mp = multiPositiveLoss(g, zp, [...IDS, ...IDS], 0.1);
      const nce = infoNceTwoView(
        g,
        projectionHead(g, p, e1.cls, 'cls'),
        projectionHead(g, p, e2.cls, 'cls'),
        0.2,
      );
      return { total, mp, nce };
    });
    const want = 0.3 * got.mp! + 0.7 * (4 * 0.2 * got.nce!);
    expect(Number.isFinite(got.total!)).toBe(true);
    expect(Math.abs(got.total! - want)).toBeLessThan(1e-10);
    expect(got.mp! > 0 && got.nce! > 0).toBe(true);
  }, 60_000);
});
