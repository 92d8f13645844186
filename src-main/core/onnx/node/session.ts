/**
 * @file The one place that talks to onnxruntime-node: an InferenceSession created from model
 * bytes on the CPU execution provider with fixed thread counts (so runs are repeatable for a
 * given thread count), run with typed-array feeds, and disposed explicitly. Everything above
 * this module sees plain typed arrays, never ORT tensors.
 */
import * as ort from 'onnxruntime-node';

export type FeedData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

export interface Feed {
  data: FeedData;
  dims: readonly number[];
}

export interface SessionConfig {
  /** intra-op threads; fixed (not "all cores") so results do not depend on the machine. */
  threads?: number;
  /** ORT graph optimisation level; the level changes numerics, so keep it fixed per run. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** ORT log level for this session; default ORT's own ('warning'). */
  logSeverity?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

const LOG_SEVERITY = { verbose: 0, info: 1, warning: 2, error: 3, fatal: 4 } as const;

function toTensor(feed: Feed): ort.Tensor {
  const dims = [...feed.dims];
  if (feed.data instanceof Float32Array) return new ort.Tensor('float32', feed.data, dims);
  if (feed.data instanceof Float64Array) return new ort.Tensor('float64', feed.data, dims);
  if (feed.data instanceof BigInt64Array) return new ort.Tensor('int64', feed.data, dims);
  return new ort.Tensor('bool', feed.data, dims);
}

export class OnnxSession {
  private constructor(private session: ort.InferenceSession | null) {}

  static async create(bytes: Uint8Array, config: SessionConfig = {}): Promise<OnnxSession> {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: config.threads ?? 1,
      interOpNumThreads: 1,
      // Sequential execution: 'parallel' was measured 2x slower and adds scheduling nondeterminism.
      executionMode: 'sequential',
      graphOptimizationLevel: config.optimization ?? 'all',
      ...(config.logSeverity ? { logSeverityLevel: LOG_SEVERITY[config.logSeverity] } : {}),
    });
    return new OnnxSession(session);
  }

  get inputNames(): readonly string[] {
    return this.live().inputNames;
  }

  get outputNames(): readonly string[] {
    return this.live().outputNames;
  }

  /** Runs the graph; returns each requested output's data (all outputs when none are named). */
  async run(feeds: Record<string, Feed>, fetch?: readonly string[]): Promise<Record<string, FeedData>> {
    const session = this.live();
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = toTensor(feed);
    const result = fetch ? await session.run(ortFeeds, [...fetch]) : await session.run(ortFeeds);
    const out: Record<string, FeedData> = {};
    for (const [name, tensor] of Object.entries(result)) out[name] = tensor.data as FeedData;
    return out;
  }

  /** Like run, for graphs whose fetched outputs are all float tensors (the training case). */
  async runFloats(
    feeds: Record<string, Feed>,
    fetch?: readonly string[],
  ): Promise<Record<string, Float32Array | Float64Array>> {
    const raw = await this.run(feeds, fetch);
    const out: Record<string, Float32Array | Float64Array> = {};
    for (const [name, data] of Object.entries(raw)) {
      if (!(data instanceof Float32Array || data instanceof Float64Array))
        throw new Error(`output ${name} is not a float tensor`);
      out[name] = data;
    }
    return out;
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await session.release();
  }

  private live(): ort.InferenceSession {
    if (!this.session) throw new Error('OnnxSession used after dispose()');
    return this.session;
  }
}
