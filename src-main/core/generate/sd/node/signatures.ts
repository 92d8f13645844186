/**
 * @file How to feed each graph of an inspected SD 1.5 + ControlNet folder, and the checks that the
 * graphs fit together (research/sd-controlnet-onnx.md §0, §1.2-§1.5). Works on the report's
 * components only (names, dtypes and shapes as the sessions reported them), so the pipeline can
 * call describeSignatures(report) on a cataloged report without opening anything.
 *
 * Residual wiring (§1.4): ControlNet outputs are taken in graph order (12 down, then mid); the
 * UNet's residual inputs are those whose names contain down_block / mid_block, the down ones sorted
 * by the first integer in the name and the mid one last; output k feeds input k. Shapes are checked
 * per position where both sides are numeric, and against the latent size by the 1+3+3+3+2 rule.
 * An LCM-distilled UNet's `timestep_cond` [batch, n] is accepted with a warning (run it with lcm).
 * Pure (no Node APIs); it sits in node/ beside its only callers.
 */
import type { ModelComponent, ModelIssue, ModelReport, TensorInfo } from '../../../../contract';
import { checkDenoiserCore, Checker, dim, type DenoiserCore } from './signatureChecks';

export type { TimestepFeed } from './signatureChecks';
export type FloatDtype = 'float32' | 'float16';

export interface TextEncoderSignature {
  file: string;
  /** int32 or int64 token ids [batch, sequence]. */
  inputIds: TensorInfo;
  /** Fixed sequence length when the graph declares one (77), else null (feed 77). */
  sequenceLength: number | null;
  /** last_hidden_state, used as encoder_hidden_states. */
  output: TensorInfo;
  hiddenSize: number;
}

export interface UnetSignature extends DenoiserCore {
  file: string;
  /** 12 down residual inputs in order, then the mid one. */
  residualInputs: TensorInfo[];
  /** An LCM-distilled UNet's guidance embedding input; null for any other UNet. */
  timestepCond: TimestepCondFeed | null;
  output: TensorInfo;
}

/** `timestep_cond` [batch, dim] (§1.3, §2.6): fed lcmGuidanceEmbedding(guidance, dim) at batch 1. */
export interface TimestepCondFeed extends TensorInfo {
  /** The embedding size, the UNet's time_cond_proj_dim (256 in LCM_Dreamshaper_v7). */
  dim: number;
}

export interface ControlNetSignature extends DenoiserCore {
  file: string;
  controlnetCond: TensorInfo;
  /** conditioning_scale (float64 [1] in OnnxStack/Axodox); null: multiply the residuals yourself. */
  conditioningScale: (TensorInfo & { rank: 0 | 1 }) | null;
  /** All outputs in graph order: 12 down residuals, then mid. */
  residualOutputs: TensorInfo[];
}

export interface VaeDecoderSignature {
  file: string;
  floatDtype: FloatDtype;
  input: TensorInfo;
  output: TensorInfo;
}

export interface VaeEncoderSignature extends VaeDecoderSignature {
  /** latent_parameters: mean and logvar (8 channels); latent_sample: an already drawn sample (4). */
  outputKind: 'latent_parameters' | 'latent_sample';
}

export interface SdSignatures {
  textEncoder: TextEncoderSignature;
  unet: UnetSignature;
  controlnet: ControlNetSignature;
  vaeDecoder: VaeDecoderSignature;
  vaeEncoder: VaeEncoderSignature | null;
  /** ControlNet output name -> UNet input name, by position (index 12 is mid). */
  residuals: { index: number; output: string; input: string }[];
  /** The tokenizer folder (vocab.json, merges.txt, tokenizer_config.json), relative to the model folder. */
  tokenizerDir: string;
  vaeScalingFactor: number;
}

export interface ComponentAnalysis {
  /** Null when any error was found. */
  signatures: SdSignatures | null;
  issues: ModelIssue[];
  latentChannels: number | null;
  textHiddenSize: number | null;
  residualCount: number | null;
}

/** Spatial level (latent / 2^k) of each residual position: conv_in, 3 + 3 + 3 + 2 down, mid. */
export const RESIDUAL_LEVELS: readonly number[] = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3];
const RESIDUALS = RESIDUAL_LEVELS.length;
const RESIDUAL_NAME = /down_block|mid_block/;

function firstInt(name: string): number {
  const m = /\d+/.exec(name);
  return m ? Number(m[0]) : Number.MAX_SAFE_INTEGER;
}

/** The UNet's residual inputs in feeding order: down ones by first integer, the mid one last. */
export function orderResidualInputs(inputs: readonly TensorInfo[]): {
  down: TensorInfo[];
  mid: TensorInfo[];
} {
  const residual = inputs.filter((i) => RESIDUAL_NAME.test(i.name));
  const mid = residual.filter((i) => /mid/.test(i.name));
  const down = residual
    .filter((i) => !/mid/.test(i.name))
    .sort((a, b) => firstInt(a.name) - firstInt(b.name));
  return { down, mid };
}

function textEncoder(ck: Checker): TextEncoderSignature | null {
  const { c } = ck;
  const ids = c.inputs.find((i) => i.name === 'input_ids') ?? c.inputs[0];
  const output =
    c.outputs.find((o) => o.name === 'last_hidden_state') ?? c.outputs.find((o) => o.shape.length === 3);
  if (!ids) return ck.fail(null, 'has no inputs');
  if (ids.dtype !== 'int32' && ids.dtype !== 'int64')
    ck.fail(ids.name, `is ${ids.dtype}; token ids must be int32 or int64`);
  if (!output) return ck.fail(null, 'has no last_hidden_state output [batch, sequence, hidden]');
  ck.float(output);
  const hiddenSize = dim(output, 2);
  if (hiddenSize === null) ck.fail(output.name, 'has no fixed hidden size (last dimension)');
  if (ck.failed || hiddenSize === null) return null;
  return { file: c.file, inputIds: ids, sequenceLength: dim(ids, 1), output, hiddenSize };
}

const TIMESTEP_COND = 'timestep_cond';
const KNOWN_UNET_INPUTS = new Set(['sample', 'timestep', 'encoder_hidden_states', TIMESTEP_COND]);

/**
 * An LCM-distilled UNet's `timestep_cond`: float [batch, n] with a fixed n (the embedding size
 * cannot be guessed). Usable, so only a warning: it says how such a model is meant to be run.
 */
function lcmTimestepCond(ck: Checker, cond: TensorInfo): TimestepCondFeed | null {
  ck.float(cond);
  const n = cond.shape.length === 2 ? dim(cond, 1) : null;
  if (n === null || n < 4)
    return ck.fail(
      cond.name,
      `is [${cond.shape.join(', ')}]; an LCM guidance embedding must be [batch, n] with a fixed n >= 4 (time_cond_proj_dim)`,
    );
  ck.warn(
    cond.name,
    `the UNet is LCM-distilled (guidance embedded as ${n} values, not a negative-prompt pass): ` +
      'generate with the lcm scheduler and 2-8 steps; the negative prompt is not used',
  );
  return { ...cond, dim: n };
}

function unet(ck: Checker): UnetSignature | null {
  const { c } = ck;
  const core = checkDenoiserCore(ck);
  const { down, mid } = orderResidualInputs(c.inputs);
  if (down.length + mid.length === 0)
    ck.fail(
      null,
      'takes no ControlNet residuals (no down_block_*/mid_block_* inputs): a plain UNet cannot be steered by the pose; use an export made for ControlNet',
    );
  else if (down.length !== RESIDUALS - 1 || mid.length !== 1)
    ck.fail(
      (mid[0] ?? down[down.length - 1])!.name,
      `takes ${down.length} down and ${mid.length} mid residual inputs; SD 1.5 needs 12 + 1`,
    );
  for (const r of [...down, ...mid]) ck.float(r);
  for (const extra of c.inputs)
    if (!KNOWN_UNET_INPUTS.has(extra.name) && !RESIDUAL_NAME.test(extra.name))
      ck.fail(extra.name, 'is an input this pipeline does not know how to feed');
  const cond = c.inputs.find((i) => i.name === TIMESTEP_COND);
  const timestepCond = cond ? lcmTimestepCond(ck, cond) : null;
  const output = c.outputs.find((o) => o.name === 'out_sample') ?? c.outputs[0];
  if (!output) return ck.fail(null, 'has no outputs');
  ck.float(output);
  ck.channels(output, 4, 'latent channels');
  if (ck.failed || !core) return null;
  return { file: c.file, ...core, residualInputs: [...down, ...mid], timestepCond, output };
}

const KNOWN_CONTROLNET_INPUTS = new Set(['sample', 'timestep', 'encoder_hidden_states', 'controlnet_cond']);

function controlnet(ck: Checker): ControlNetSignature | null {
  const { c } = ck;
  const core = checkDenoiserCore(ck);
  const cond = ck.input('controlnet_cond');
  if (cond) {
    ck.float(cond);
    ck.channels(cond, 3, 'image channels (RGB pose image)');
  }
  const scale = c.inputs.find((i) => i.name === 'conditioning_scale') ?? null;
  if (scale && (!['float64', 'float32', 'float16'].includes(scale.dtype) || scale.shape.length > 1))
    ck.fail(scale.name, `is ${scale.dtype} of rank ${scale.shape.length}; expected a float scalar or [1]`);
  for (const extra of c.inputs)
    if (!KNOWN_CONTROLNET_INPUTS.has(extra.name) && extra !== scale)
      ck.fail(extra.name, 'is an input this pipeline does not know how to feed');
  if (c.outputs.length !== RESIDUALS)
    ck.fail(
      c.outputs[c.outputs.length - 1]?.name ?? null,
      `emits ${c.outputs.length} residuals; SD 1.5 ControlNets emit 13 (12 down, then mid)`,
    );
  for (const o of c.outputs) ck.float(o);
  if (ck.failed || !core || !cond) return null;
  const conditioningScale = scale
    ? { ...scale, rank: scale.shape.length === 0 ? (0 as const) : (1 as const) }
    : null;
  return { file: c.file, ...core, controlnetCond: cond, conditioningScale, residualOutputs: [...c.outputs] };
}

function vae(ck: Checker, kind: 'decoder' | 'encoder'): VaeEncoderSignature | VaeDecoderSignature | null {
  const { c } = ck;
  const input =
    c.inputs.find((i) => i.name === (kind === 'decoder' ? 'latent_sample' : 'sample')) ?? c.inputs[0];
  const output =
    c.outputs.find((o) => ['sample', 'latent_parameters', 'latent_sample'].includes(o.name)) ?? c.outputs[0];
  if (!input || !output) return ck.fail(null, 'needs one input and one output');
  const floatDtype = ck.float(input);
  ck.float(output);
  ck.channels(input, kind === 'decoder' ? 4 : 3, kind === 'decoder' ? 'latent channels' : 'image channels');
  if (kind === 'decoder') {
    ck.channels(output, 3, 'image channels');
    return ck.failed || !floatDtype ? null : { file: c.file, floatDtype, input, output };
  }
  const channels = dim(output, 1);
  const outputKind =
    output.name === 'latent_parameters' || (output.name !== 'latent_sample' && channels === 8)
      ? 'latent_parameters'
      : 'latent_sample';
  ck.channels(output, outputKind === 'latent_parameters' ? 8 : 4, `channels for ${outputKind}`);
  return ck.failed || !floatDtype ? null : { file: c.file, floatDtype, input, output, outputKind };
}

function checkHidden(ck: Checker, core: DenoiserCore | null, text: TextEncoderSignature | null): void {
  if (!core || !text || core.hiddenSize === null || core.hiddenSize === text.hiddenSize) return;
  ck.fail(
    core.encoderHiddenStates.name,
    `expects hidden size ${core.hiddenSize}, but the text encoder (${text.file}) produces ${text.hiddenSize}`,
  );
}

/** Output k of the ControlNet against UNet residual input k: channels, spatial size, 2^-k rule. */
function checkResiduals(ck: Checker, u: UnetSignature, cn: ControlNetSignature): void {
  if (u.residualInputs.length !== RESIDUALS || cn.residualOutputs.length !== RESIDUALS) return;
  const latentH = dim(u.sample, 2);
  RESIDUAL_LEVELS.forEach((level, k) => {
    const input = u.residualInputs[k]!;
    const output = cn.residualOutputs[k]!;
    for (const axis of [1, 2, 3]) {
      const a = dim(input, axis);
      const b = dim(output, axis);
      if (a !== null && b !== null && a !== b) {
        const what = axis === 1 ? 'channels' : axis === 2 ? 'height' : 'width';
        ck.fail(
          input.name,
          `(residual ${k}) expects ${a} ${what}, but ControlNet output ${output.name} (${cn.file}) has ${b}`,
        );
        return;
      }
    }
    const h = dim(input, 2) ?? dim(output, 2);
    if (latentH !== null && h !== null && h !== latentH >> level)
      ck.fail(
        input.name,
        `(residual ${k}) is ${h} high; expected latent height / ${2 ** level} = ${latentH >> level}`,
      );
  });
}

/** Checks the graphs one by one and against each other; returns the feeding description when all fit. */
export function analyzeComponents(
  components: readonly ModelComponent[],
  vaeScalingFactor: number,
): ComponentAnalysis {
  const issues: ModelIssue[] = [];
  const get = (name: ModelComponent['name']) => components.find((c) => c.name === name) ?? null;
  const checker = (name: ModelComponent['name'], severity: 'error' | 'warning' = 'error') => {
    const c = get(name);
    return c ? new Checker(c, severity, issues) : null;
  };
  const te = checker('textEncoder');
  const text = te ? textEncoder(te) : null;
  const uck = checker('unet');
  const u = uck ? unet(uck) : null;
  const cck = checker('controlnet');
  const cn = cck ? controlnet(cck) : null;
  if (uck) checkHidden(uck, u, text);
  if (cck) checkHidden(cck, cn, text);
  if (uck && u && cn) checkResiduals(uck, u, cn);
  const dck = checker('vaeDecoder');
  const decoder = dck ? vae(dck, 'decoder') : null;
  const eck = checker('vaeEncoder', 'warning');
  const encoder = eck ? (vae(eck, 'encoder') as VaeEncoderSignature | null) : null;
  const tokenizer = get('tokenizer');
  const ok = !issues.some((i) => i.severity === 'error');
  const unetGraph = get('unet');
  const sample = unetGraph?.inputs.find((i) => i.name === 'sample');
  const result = {
    issues,
    latentChannels: sample ? dim(sample, 1) : null,
    textHiddenSize: text?.hiddenSize ?? null,
    residualCount: get('controlnet')?.outputs.length ?? u?.residualInputs.length ?? null,
  };
  if (!ok || !text || !u || !cn || !decoder || !tokenizer) return { ...result, signatures: null };
  const residuals = u.residualInputs.map((input, index) => ({
    index,
    output: cn.residualOutputs[index]!.name,
    input: input.name,
  }));
  return {
    ...result,
    signatures: {
      textEncoder: text,
      unet: u,
      controlnet: cn,
      vaeDecoder: decoder,
      vaeEncoder: encoder,
      residuals,
      tokenizerDir: tokenizer.file,
      vaeScalingFactor,
    },
  };
}

/** The feeding description of a usable report; throws (listing the errors) for a refused one. */
export function describeSignatures(report: ModelReport): SdSignatures {
  const analysis = analyzeComponents(report.components, report.vaeScalingFactor);
  const errors = [...report.issues, ...analysis.issues].filter((i) => i.severity === 'error');
  if (errors.length > 0 || !analysis.signatures)
    throw new Error(
      `${report.path} cannot be used: ${errors.map((e) => e.message).join('; ') || 'components missing'}`,
    );
  return analysis.signatures;
}
