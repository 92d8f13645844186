/**
 * @file The per-graph checks behind signatures.ts: an issue collector bound to one component (so
 * every issue names the file and the tensor), dtype/rank/channel checks, and the inputs the UNet
 * and the ControlNet share (sample, timestep, encoder_hidden_states). Pure.
 */
import type { ModelComponent, ModelIssue, TensorInfo } from '../../../../contract';

/** A numeric dimension, or null when symbolic or absent. */
export function dim(t: TensorInfo, axis: number): number | null {
  const d = t.shape[axis];
  return typeof d === 'number' ? d : null;
}

export class Checker {
  /** True once this component had an issue at its own severity that makes it unusable. */
  failed = false;

  constructor(
    readonly c: ModelComponent,
    private readonly severity: 'error' | 'warning',
    private readonly issues: ModelIssue[],
  ) {}

  private push(severity: 'error' | 'warning', tensor: string | null, message: string): void {
    const where = tensor === null ? this.c.file : `${this.c.file}, ${tensor}`;
    this.issues.push({
      severity,
      component: this.c.name,
      file: this.c.file,
      tensor,
      message: `${where}: ${message}`,
    });
  }

  /** Records a problem that makes the component unusable; returns null for `return ck.fail(...)`. */
  fail(tensor: string | null, message: string): null {
    this.failed = true;
    this.push(this.severity, tensor, message);
    return null;
  }

  warn(tensor: string | null, message: string): void {
    this.push('warning', tensor, message);
  }

  input(name: string): TensorInfo | null {
    const t = this.c.inputs.find((i) => i.name === name);
    return t ?? this.fail(name, `input ${name} is missing`);
  }

  /** float32 / float16, else an issue. */
  float(t: TensorInfo): 'float32' | 'float16' | null {
    if (t.dtype === 'float32' || t.dtype === 'float16') return t.dtype;
    return this.fail(t.name, `is ${t.dtype}; expected float32 or float16`);
  }

  /** Axis 1 must be `expected` when numeric (a symbolic channel axis is accepted). */
  channels(t: TensorInfo, expected: number, what: string): void {
    if (t.shape.length !== 4) {
      this.fail(t.name, `has rank ${t.shape.length}; expected [batch, channels, height, width]`);
      return;
    }
    const c = dim(t, 1);
    if (c !== null && c !== expected) this.fail(t.name, `has ${c} ${what}; expected ${expected}`);
  }
}

export interface TimestepFeed extends TensorInfo {
  /** 0: a scalar; 1: [batch] or [1] (feed one value per batch row, or one). */
  rank: 0 | 1;
}

export interface DenoiserCore {
  /** dtype of sample; the other float inputs may differ (see each TensorInfo). */
  floatDtype: 'float32' | 'float16';
  sample: TensorInfo;
  timestep: TimestepFeed;
  encoderHiddenStates: TensorInfo;
  /** Last dimension of encoder_hidden_states when numeric. */
  hiddenSize: number | null;
}

const TIMESTEP_DTYPES = new Set(['float32', 'float16', 'float64', 'int64', 'int32']);

/** sample [B,4,h,w], timestep (scalar or [B]) and encoder_hidden_states [B,S,H]. */
export function checkDenoiserCore(ck: Checker): DenoiserCore | null {
  const sample = ck.input('sample');
  const timestep = ck.input('timestep');
  const ehs = ck.input('encoder_hidden_states');
  const floatDtype = sample ? ck.float(sample) : null;
  if (sample)
    ck.channels(
      sample,
      4,
      'latent channels (SD 1.5 text-to-image; 9-channel inpainting UNets are not supported)',
    );
  if (timestep && !TIMESTEP_DTYPES.has(timestep.dtype))
    ck.fail(timestep.name, `is ${timestep.dtype}; expected float32, float16 or int64`);
  if (timestep && timestep.shape.length > 1)
    ck.fail(timestep.name, `has rank ${timestep.shape.length}; expected a scalar or [batch]`);
  if (ehs) {
    ck.float(ehs);
    if (ehs.shape.length !== 3)
      ck.fail(ehs.name, `has rank ${ehs.shape.length}; expected [batch, sequence, hidden]`);
  }
  if (!sample || !timestep || !ehs || !floatDtype || ck.failed) return null;
  return {
    floatDtype,
    sample,
    timestep: { ...timestep, rank: timestep.shape.length === 0 ? 0 : 1 },
    encoderHiddenStates: ehs,
    hiddenSize: dim(ehs, 2),
  };
}
