/**
 * @file The SdRuntime of pipeline.ts on onnxruntime-node: feeds each graph as its signature says
 * (signatures.ts; dtypes and ranks in feeds.ts) and wires ControlNet output k to the UNet's residual
 * input k (SdSignatures.residuals, by position, §1.4). Per image, constant inputs (text embeddings,
 * the control image) become tensors before the first step, in the dtypes the graphs take; per step,
 * the sample becomes a tensor once per dtype for both graphs. ControlNet residuals stay ORT tensors
 * from one graph to the next (no copy, no fp16 round trip); they are scaled in JS only when the
 * ControlNet has no conditioning_scale input and the scale is not 1. A step without the ControlNet
 * feeds cached zero residuals. The ControlNet's and the UNet's outputs of one step are handed back
 * to onnxruntime as the next step's output buffers, so a step allocates no output memory (tens of
 * megabytes per step at 512 px, and the GC pauses that come with them). The text
 * encoder runs one prompt at a time (some exports fix its batch at 1) and the VAE decodes batch 1.
 * An LCM-distilled UNet (signature timestepCond) gets lcmGuidanceEmbedding(guidance, dim) as its
 * `timestep_cond` and says so with embedsGuidance, so the loop runs it at batch 1 without CFG.
 * One runtime serves one image at a time; the sessions come from a shared SdSessions.
 */
import type * as ort from 'onnxruntime-node';
import { lcmGuidanceEmbedding } from '../schedulers/lcm';
import type { LatentShape, SdRuntime } from '../pipeline';
import {
  checkFloat16Inputs,
  convertFloatTensor,
  ensureFloat16Tensors,
  FloatFeed,
  floatDtypeOf,
  floatTensor,
  idsTensor,
  readFloat,
  scaleFloatTensor,
  scaleTensor,
  timestepTensor,
  type FloatDtype,
} from './feeds';
import type { SdSessions } from './runtimeSessions';
import { RESIDUAL_LEVELS, type SdSignatures } from './signatures';

/** Values and dims of a float input, with its tensor per dtype made on first use. */
class Constant {
  readonly #tensors = new Map<FloatDtype, ort.Tensor>();
  constructor(
    readonly values: Float32Array,
    readonly dims: readonly number[],
  ) {}
  as(dtype: FloatDtype): ort.Tensor {
    let tensor = this.#tensors.get(dtype);
    if (!tensor) {
      tensor = floatTensor(dtype, this.values, this.dims);
      this.#tensors.set(dtype, tensor);
    }
    return tensor;
  }
}

/**
 * A graph's outputs kept from one run as the next run's output buffers (ORT writes into given
 * tensors), for as long as the step shape stays the same. Sound because the loop is sequential:
 * a step's outputs are used up before the next step runs the graph again.
 */
class OutputReuse {
  #key = '';
  #fetches: Record<string, ort.Tensor> | undefined;
  fetches(key: string): Record<string, ort.Tensor> | undefined {
    return key === this.#key ? this.#fetches : undefined;
  }
  keep(key: string, out: Record<string, ort.Tensor>): void {
    this.#key = key;
    this.#fetches = out;
  }
}

export interface OrtStep {
  sample: Map<FloatDtype, ort.Tensor>;
  values: Float32Array;
  dims: number[];
  timestep: number;
  batch: number;
}

/** The 13 residuals in ControlNet output order. */
export type OrtResiduals = readonly ort.Tensor[];

/** Spatial size of residual level k: the UNet's stride-2 convolutions give ceil(n / 2) per level. */
function levelSize(n: number, level: number): number {
  let size = n;
  for (let k = 0; k < level; k++) size = Math.ceil(size / 2);
  return size;
}

/** Whether any float tensor the graph takes is float16 (those need the Float16Array workaround). */
function takesFloat16(signatures: SdSignatures): boolean {
  const s = signatures;
  return [
    s.textEncoder.output,
    s.unet.sample,
    s.unet.encoderHiddenStates,
    ...s.unet.residualInputs,
    s.controlnet.sample,
    s.controlnet.controlnetCond,
    s.vaeDecoder.input,
    s.unet.timestep,
    s.controlnet.timestep,
    ...(s.unet.timestepCond ? [s.unet.timestepCond] : []),
  ].some((t) => t.dtype === 'float16');
}

export class OrtSdRuntime implements SdRuntime<Constant, Constant, OrtStep, OrtResiduals> {
  readonly embedsGuidance: boolean;
  readonly #sig: SdSignatures;
  /** Per dtype, reused every step (float16 conversion buffers). */
  readonly #sampleFeeds = new Map<FloatDtype, FloatFeed>();
  readonly #zeros = new Map<string, ort.Tensor>();
  /** float16 predictions decoded here, reused every step. */
  #unetValues = new Float32Array(0);
  readonly #reuse = { controlnet: new OutputReuse(), unet: new OutputReuse() };

  constructor(readonly sessions: SdSessions) {
    this.#sig = sessions.model.signatures;
    // Before this thread's first tensor, whatever this model's dtypes: a later fp16 model needs it too.
    ensureFloat16Tensors();
    if (takesFloat16(this.#sig)) checkFloat16Inputs(sessions.model.path);
    this.embedsGuidance = this.#sig.unet.timestepCond !== null;
  }

  async encodeText(ids: readonly Int32Array[]): Promise<Constant> {
    const te = this.#sig.textEncoder;
    const length = ids[0]?.length ?? 0;
    if (te.sequenceLength !== null && te.sequenceLength !== length)
      throw new Error(`${te.file} takes ${te.sequenceLength} tokens; the tokenizer made ${length}`);
    let hidden: Float32Array | null = null;
    for (const [b, row] of ids.entries()) {
      const out = await this.sessions.run('textEncoder', {
        [te.inputIds.name]: idsTensor(te.inputIds, row, [1, row.length]),
      });
      const state = readFloat(out[te.output.name]!);
      hidden ??= new Float32Array(state.length * ids.length);
      hidden.set(state, b * state.length);
    }
    if (!hidden) throw new Error('no prompt to encode');
    const text = new Constant(hidden, [ids.length, length, hidden.length / ids.length / length]);
    // Converted now, not in the first step.
    text.as(floatDtypeOf(this.#sig.unet.encoderHiddenStates));
    text.as(floatDtypeOf(this.#sig.controlnet.encoderHiddenStates));
    return text;
  }

  controlImage(pixels: Float32Array, shape: LatentShape): Constant {
    const control = new Constant(pixels, [shape.batch, 3, shape.height * 8, shape.width * 8]);
    control.as(floatDtypeOf(this.#sig.controlnet.controlnetCond));
    return control;
  }

  stepInput(sample: Float32Array, timestep: number, shape: LatentShape): OrtStep {
    return {
      sample: new Map(),
      values: sample,
      dims: [shape.batch, 4, shape.height, shape.width],
      timestep,
      batch: shape.batch,
    };
  }

  #sample(step: OrtStep, dtype: FloatDtype): ort.Tensor {
    let tensor = step.sample.get(dtype);
    if (!tensor) {
      let feed = this.#sampleFeeds.get(dtype);
      if (!feed) this.#sampleFeeds.set(dtype, (feed = new FloatFeed(dtype)));
      tensor = feed.tensor(step.values, step.dims);
      step.sample.set(dtype, tensor);
    }
    return tensor;
  }

  async controlnet(step: OrtStep, text: Constant, control: Constant, scale: number): Promise<OrtResiduals> {
    const cn = this.#sig.controlnet;
    const feeds: Record<string, ort.Tensor> = {
      [cn.sample.name]: this.#sample(step, floatDtypeOf(cn.sample)),
      [cn.timestep.name]: timestepTensor(cn.timestep, step.timestep),
      [cn.encoderHiddenStates.name]: text.as(floatDtypeOf(cn.encoderHiddenStates)),
      [cn.controlnetCond.name]: control.as(floatDtypeOf(cn.controlnetCond)),
    };
    if (cn.conditioningScale) feeds[cn.conditioningScale.name] = scaleTensor(cn.conditioningScale, scale);
    const key = step.dims.join('x');
    const out = await this.sessions.run('controlnet', feeds, this.#reuse.controlnet.fetches(key));
    this.#reuse.controlnet.keep(key, out);
    const residuals = cn.residualOutputs.map((o) => {
      const tensor = out[o.name];
      if (!tensor) throw new Error(`${cn.file} did not return ${o.name}`);
      return tensor;
    });
    if (!cn.conditioningScale) for (const r of residuals) scaleFloatTensor(r, scale);
    return residuals;
  }

  /** Zero residual k for a step without the ControlNet (cached per shape and dtype). */
  #zero(k: number, step: OrtStep, latentH: number, latentW: number): ort.Tensor {
    const input = this.#sig.unet.residualInputs[k]!;
    const output = this.#sig.controlnet.residualOutputs[k]!;
    const channels = [input.shape[1], output.shape[1]].find((c): c is number => typeof c === 'number');
    if (channels === undefined)
      throw new Error(`${input.name}: the channel count is symbolic in both graphs; cannot feed zeros`);
    const level = RESIDUAL_LEVELS[k]!;
    const dims = [step.batch, channels, levelSize(latentH, level), levelSize(latentW, level)];
    const dtype = floatDtypeOf(input);
    const key = `${dtype}:${dims.join('x')}`;
    let tensor = this.#zeros.get(key);
    if (!tensor) {
      tensor = floatTensor(dtype, new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
      this.#zeros.set(key, tensor);
    }
    return tensor;
  }

  async unet(step: OrtStep, text: Constant, residuals: OrtResiduals | null, guidance: number) {
    const u = this.#sig.unet;
    const feeds: Record<string, ort.Tensor> = {
      [u.sample.name]: this.#sample(step, floatDtypeOf(u.sample)),
      [u.timestep.name]: timestepTensor(u.timestep, step.timestep),
      [u.encoderHiddenStates.name]: text.as(floatDtypeOf(u.encoderHiddenStates)),
    };
    for (const wire of this.#sig.residuals) {
      const dtype = floatDtypeOf(u.residualInputs[wire.index]!);
      feeds[wire.input] = residuals
        ? convertFloatTensor(residuals[wire.index]!, dtype)
        : this.#zero(wire.index, step, step.dims[2]!, step.dims[3]!);
    }
    if (u.timestepCond) {
      const { name, dim } = u.timestepCond;
      feeds[name] = floatTensor(
        floatDtypeOf(u.timestepCond),
        lcmGuidanceEmbedding(guidance, dim, step.batch),
        [step.batch, dim],
      );
    }
    const key = step.dims.join('x');
    const out = await this.sessions.run('unet', feeds, this.#reuse.unet.fetches(key));
    this.#reuse.unet.keep(key, out);
    const prediction = out[u.output.name];
    if (!prediction) throw new Error(`${u.file} did not return ${u.output.name}`);
    if (prediction.type === 'float32') return prediction.data as Float32Array;
    if (this.#unetValues.length !== prediction.size) this.#unetValues = new Float32Array(prediction.size);
    return readFloat(prediction, this.#unetValues);
  }

  async decode(latent: Float32Array, height: number, width: number): Promise<Float32Array> {
    const vae = this.#sig.vaeDecoder;
    const out = await this.sessions.run('vaeDecoder', {
      [vae.input.name]: floatTensor(vae.floatDtype, latent, [1, 4, height, width]),
    });
    const sample = out[vae.output.name];
    if (!sample) throw new Error(`${vae.file} did not return ${vae.output.name}`);
    return readFloat(sample);
  }
}
