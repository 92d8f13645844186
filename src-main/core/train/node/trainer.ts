/**
 * @file Trainer: drives a flat-layout train step (step.ts) one session.run per optimiser step,
 * feeding `theta`, `m`, `v`, `decay_mask`, `lr` and `step` and keeping the returned state
 * between steps. Step indices are 0-based: step i uses learningRate(schedule, i), Adam count
 * i + 1 and the batch `batches(i)`; after it, `step` (steps completed) is i + 1. Batches must be
 * a pure function of the step index and the run's seed, and the schedule is a pure function of
 * the step, so a checkpoint (theta, m, v, step, seed, config, layout) is all a resumed run needs
 * to be bit-identical to an uninterrupted one with the same session thread count.
 */
import { type Feed, OnnxSession, type SessionConfig } from '../../onnx/node/session';
import type { NamedTensor } from '../safetensors';
import { type LrSchedule, learningRate, validateSchedule } from '../schedule';
import { type ParamLayout, decayMask } from '../step';
import {
  type CheckpointInfo,
  type Json,
  CheckpointError,
  loadLatestCheckpoint,
  saveCheckpoint,
} from './checkpoint';

export type FlatState = Float32Array | Float64Array;

/** The batch tensors of step `step` (0-based); must depend only on the step and the seed. */
export type BatchProvider = (step: number, seed: number) => Record<string, Feed>;

export interface StepReport {
  /** 0-based index of the step just finished. */
  step: number;
  loss: number;
  gradNorm: number;
  lr: number;
}

export interface TrainerOptions {
  /** buildTrainStep output with the flat layout: model bytes and the parameter layout. */
  bytes: Uint8Array;
  layout: ParamLayout;
  schedule: LrSchedule;
  batches: BatchProvider;
  /** The run folder; checkpoints go to RUN/checkpoints/. */
  runDir: string;
  seed: number;
  /** Stored in checkpoints as is (recipe, hyperparameters). */
  config?: Json;
  session?: SessionConfig;
}

export interface RunOptions {
  /** Must equal the trainer's current step when given (a guard against a mismatched resume). */
  fromStep?: number;
  /** Exclusive: the run stops once `toStep` steps are completed. */
  toStep: number;
  /** Save after every n completed steps (0 or absent: only at the end or on abort). */
  checkpointEvery?: number;
  /** Checked after each step; when aborted the run saves a checkpoint and returns. */
  signal?: AbortSignal;
  onStep?: (report: StepReport) => void;
}

export interface RunResult {
  /** Steps completed after the run. */
  step: number;
  aborted: boolean;
  checkpoints: CheckpointInfo[];
}

interface InitialState {
  theta: FlatState;
  m?: FlatState;
  v?: FlatState;
  step?: number;
}

const STATE_NAME = 'theta';

function layoutJson(layout: ParamLayout): Json {
  return JSON.parse(JSON.stringify(layout)) as Json;
}

function zerosLike(x: FlatState): FlatState {
  return x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
}

function scalar(like: FlatState, value: number): Feed {
  const data = like instanceof Float32Array ? Float32Array.of(value) : Float64Array.of(value);
  return { data, dims: [] };
}

function tensor(x: FlatState): NamedTensor {
  return x instanceof Float32Array
    ? { name: STATE_NAME, dtype: 'F32', shape: [x.length], data: x }
    : { name: STATE_NAME, dtype: 'F64', shape: [x.length], data: x };
}

function flatFrom(tensors: NamedTensor[], total: number, what: string): FlatState {
  const t = tensors.find((x) => x.name === STATE_NAME);
  if (t === undefined || tensors.length !== 1)
    throw new CheckpointError(`${what}: expected one '${STATE_NAME}' tensor`);
  if (!(t.data instanceof Float32Array || t.data instanceof Float64Array) || t.data.length !== total) {
    throw new CheckpointError(`${what}: '${STATE_NAME}' must be a float vector of length ${total}`);
  }
  return t.data;
}

export class Trainer {
  private theta: FlatState;
  private m: FlatState;
  private v: FlatState;
  private completed: number;
  private readonly mask: FlatState;

  private constructor(
    private readonly options: TrainerOptions,
    private readonly session: OnnxSession,
    state: InitialState,
  ) {
    const { total } = options.layout;
    const { theta } = state;
    this.theta = theta;
    this.m = state.m ?? zerosLike(theta);
    this.v = state.v ?? zerosLike(theta);
    for (const [name, x] of [
      ['theta', this.theta],
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      if (x.length !== total) throw new RangeError(`${name} has ${x.length} elements, layout ${total}`);
      if (x.constructor !== theta.constructor) throw new TypeError(`${name} is not the dtype of theta`);
    }
    this.completed = state.step ?? 0;
    const mask = decayMask(options.layout);
    this.mask = theta instanceof Float32Array ? mask : Float64Array.from(mask);
  }

  /** A fresh run from `theta` (copied) with zero moments at step 0. */
  static async create(options: TrainerOptions, theta: FlatState): Promise<Trainer> {
    validateSchedule(options.schedule);
    const session = await OnnxSession.create(options.bytes, options.session);
    return new Trainer(options, session, { theta: theta.slice() });
  }

  /**
   * Continues from the latest checkpoint in `options.runDir`; the seed comes from the checkpoint
   * (options.seed is ignored) and the checkpoint's layout must equal `options.layout`.
   */
  static async resume(options: TrainerOptions): Promise<Trainer> {
    validateSchedule(options.schedule);
    const ckpt = await loadLatestCheckpoint(options.runDir);
    if (ckpt === null) throw new CheckpointError(`no checkpoint in ${options.runDir}`);
    const where = `checkpoint ${ckpt.step}`;
    if (JSON.stringify(ckpt.layout) !== JSON.stringify(layoutJson(options.layout))) {
      throw new CheckpointError(`${where}: parameter layout differs from the train step's`);
    }
    const rng = ckpt.rng as { seed?: unknown } | null;
    const seed = rng !== null && typeof rng === 'object' ? rng.seed : undefined;
    if (typeof seed !== 'number') throw new CheckpointError(`${where}: rng has no seed`);
    const total = options.layout.total;
    const theta = flatFrom(ckpt.params, total, where);
    const m = flatFrom(ckpt.m, total, where);
    const v = flatFrom(ckpt.v, total, where);
    const session = await OnnxSession.create(options.bytes, options.session);
    return new Trainer({ ...options, seed }, session, { theta, m, v, step: ckpt.step });
  }

  /** Steps completed so far (the next step's 0-based index). */
  get step(): number {
    return this.completed;
  }

  get seed(): number {
    return this.options.seed;
  }

  /** Copies of the current state. */
  state(): { theta: FlatState; m: FlatState; v: FlatState; step: number } {
    return { theta: this.theta.slice(), m: this.m.slice(), v: this.v.slice(), step: this.completed };
  }

  async run(run: RunOptions): Promise<RunResult> {
    if (run.fromStep !== undefined && run.fromStep !== this.completed) {
      throw new RangeError(`fromStep ${run.fromStep} but the trainer is at step ${this.completed}`);
    }
    if (!Number.isSafeInteger(run.toStep) || run.toStep < this.completed) {
      throw new RangeError(`toStep must be an integer >= ${this.completed}, got ${run.toStep}`);
    }
    const every = run.checkpointEvery ?? 0;
    if (!Number.isSafeInteger(every) || every < 0)
      throw new RangeError(`checkpointEvery must be an integer >= 0`);
    const checkpoints: CheckpointInfo[] = [];
    let savedAt = -1;
    const save = async () => {
      if (savedAt === this.completed) return;
      checkpoints.push(await this.save());
      savedAt = this.completed;
    };
    let aborted = run.signal?.aborted ?? false;
    while (!aborted && this.completed < run.toStep) {
      const report = await this.step1();
      if (every > 0 && this.completed % every === 0) await save();
      run.onStep?.(report);
      aborted = run.signal?.aborted ?? false;
    }
    await save();
    return { step: this.completed, aborted, checkpoints };
  }

  /** Saves the current state as RUN/checkpoints/ckpt-STEP.safetensors. */
  save(): Promise<CheckpointInfo> {
    return saveCheckpoint(this.options.runDir, {
      step: this.completed,
      params: [tensor(this.theta)],
      m: [tensor(this.m)],
      v: [tensor(this.v)],
      rng: { seed: this.options.seed },
      config: this.options.config ?? null,
      layout: layoutJson(this.options.layout),
    });
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }

  private async step1(): Promise<StepReport> {
    const i = this.completed;
    const { total } = this.options.layout;
    const lr = learningRate(this.options.schedule, i);
    const feeds: Record<string, Feed> = {
      ...this.options.batches(i, this.options.seed),
      theta: { data: this.theta, dims: [total] },
      m: { data: this.m, dims: [total] },
      v: { data: this.v, dims: [total] },
      decay_mask: { data: this.mask, dims: [total] },
      lr: scalar(this.theta, lr),
      step: scalar(this.theta, i + 1),
    };
    const out = await this.session.runFloats(feeds, ['new_theta', 'new_m', 'new_v', 'loss', 'grad_norm']);
    const take = (name: string): FlatState => {
      const x = out[name];
      if (x === undefined || x.constructor !== this.theta.constructor || x.length !== total) {
        throw new Error(`train step output ${name} is missing or not like theta`);
      }
      return x;
    };
    const theta = take('new_theta');
    const m = take('new_m');
    const v = take('new_v');
    const loss = out.loss?.[0];
    const gradNorm = out.grad_norm?.[0];
    if (loss === undefined || gradNorm === undefined) throw new Error('train step gave no loss or grad_norm');
    this.theta = theta;
    this.m = m;
    this.v = v;
    this.completed = i + 1;
    return { step: i, loss, gradNorm, lr };
  }
}
