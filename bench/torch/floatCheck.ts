/**
 * @file The float64 check of bench/train-vs-torch.ts: one step of our graph and of PyTorch
 * (bench/torch/step_vit.py --check) on identical weights and batch, comparing the loss, the
 * gradient (our new_m / (1 - beta1) after step 1) and the parameters after the AdamW step.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Feed, OnnxSession } from '../../src-main/core/onnx/node/session';
import { type ParamLayout, decayMask } from '../../src-main/core/train/step';
import { flattenParams } from '../../src-main/core/train/vit';
import { OPT, buildOurs, randomBatch, runPython } from './vitSetup';

type Floats = Float32Array | Float64Array;

/** One step of our graph on `theta` and `batch`; the gradient is new_m / (1 - beta1). */
async function ourFirstStep(dtype: 'float32' | 'float64', theta: Float32Array, batch: Record<string, Feed>) {
  const { step } = buildOurs(dtype);
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const n = step.layout.total;
  const cast = (f: Feed): Feed =>
    f.data instanceof Float32Array ? { data: F.from(f.data), dims: f.dims } : f;
  const session = await OnnxSession.create(step.bytes, { threads: 2 });
  try {
    const out = await session.runFloats({
      view1: cast(batch.view1 as Feed),
      view2: cast(batch.view2 as Feed),
      group_ids: batch.group_ids as Feed,
      theta: { data: F.from(theta), dims: [n] },
      m: { data: new F(n), dims: [n] },
      v: { data: new F(n), dims: [n] },
      decay_mask: { data: F.from(decayMask(step.layout)), dims: [n] },
      lr: { data: F.of(OPT.lr), dims: [] },
      step: { data: F.of(1), dims: [] },
    });
    const m = out.new_m as Floats;
    return {
      loss: (out.loss as Floats)[0] as number,
      gradNorm: (out.grad_norm as Floats)[0] as number,
      grad: Float64Array.from(m, (x) => x / (1 - OPT.beta1)),
      theta1: Float64Array.from(out.new_theta as Floats),
    };
  } finally {
    await session.dispose();
  }
}

const norm = (x: ArrayLike<number>, y?: ArrayLike<number>, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i]! - (y ? y[i]! : 0)) ** 2;
  return Math.sqrt(s);
};

function compare(
  layout: ParamLayout,
  ours: Awaited<ReturnType<typeof ourFirstStep>>,
  dir: string,
  gelu: string,
) {
  const torch = JSON.parse(readFileSync(join(dir, `result-${gelu}.json`), 'utf8')) as Record<string, number>;
  const read = (f: string) => new Float64Array(readFileSync(join(dir, f)).buffer.slice(0));
  const grad = read(`grad-${gelu}.f64`);
  const theta1 = read(`theta1-${gelu}.f64`);
  let worst = { name: '', rel: 0 };
  for (const e of layout.entries) {
    const rel =
      norm(ours.grad, grad, e.offset, e.offset + e.size) / norm(grad, undefined, e.offset, e.offset + e.size);
    if (rel > worst.rel) worst = { name: e.name, rel };
  }
  let dTheta = 0;
  for (let i = 0; i < theta1.length; i++) dTheta = Math.max(dTheta, Math.abs(theta1[i]! - ours.theta1[i]!));
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  return {
    loss: [ours.loss, torch.loss as number, rel(ours.loss, torch.loss as number)],
    gradNorm: rel(ours.gradNorm, torch.grad_norm as number),
    selfNorm: rel(norm(ours.grad), ours.gradNorm),
    grad: norm(ours.grad, grad) / norm(grad),
    worst,
    dTheta,
  };
}

export async function floatCheck(python: string): Promise<void> {
  const { model, step } = buildOurs('float32');
  const theta = flattenParams(model.params);
  const batch = randomBatch(11);
  const dir = mkdtempSync(join(tmpdir(), 'train-vs-torch-check-'));
  try {
    const layout = step.layout.entries.map(({ name, shape, offset, size }) => ({
      name,
      shape,
      offset,
      size,
    }));
    const ids = Array.from(batch.group_ids!.data as BigInt64Array, Number);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ layout, groupIds: ids }));
    writeFileSync(join(dir, 'theta.f64'), Float64Array.from(theta));
    for (const v of ['view1', 'view2'])
      writeFileSync(join(dir, `${v}.f64`), Float64Array.from(batch[v]!.data as Float32Array));
    const cases = [
      { dtype: 'float64', gelu: 'tanh', label: 'ours float64 (tanh GELU) vs PyTorch float64 (tanh GELU)' },
      { dtype: 'float32', gelu: 'erf', label: 'ours float32 (erf GELU)   vs PyTorch float64 (erf GELU)' },
    ] as const;
    for (const c of cases) {
      const result = runPython(python, ['--check', dir, '--gelu', c.gelu, '--threads', '2']);
      writeFileSync(join(dir, `result-${c.gelu}.json`), JSON.stringify(result));
      const r = compare(step.layout, await ourFirstStep(c.dtype, theta, batch), dir, c.gelu);
      console.log(
        `${c.label}: loss ${r.loss[0]!.toPrecision(10)} vs ${r.loss[1]!.toPrecision(10)} (rel ${r.loss[2]!.toExponential(1)}), ` +
          `grad norm rel ${r.gradNorm.toExponential(1)} (ours vs own gradient ${r.selfNorm.toExponential(1)}), gradient |a-b|/|b| ${r.grad.toExponential(1)} ` +
          `(worst tensor ${r.worst.name} ${r.worst.rel.toExponential(1)}), ` +
          `theta after AdamW step max |diff| ${r.dTheta.toExponential(1)} (lr ${OPT.lr})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
