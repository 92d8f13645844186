/**
 * @file Diffusion model folders (SD 1.5 + ControlNet-OpenPose as ONNX) as the contract sees them:
 * the inspection report made when a folder is added (layout, components with their graph
 * signatures, issues naming the file and the input), the cataloged model, and execution providers.
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';

/** onnxruntime-node execution providers the studio can ask for (`dml` = DirectML). */
export const ExecutionProviderSchema = z.enum(['cpu', 'cuda', 'dml', 'coreml', 'webgpu']);
export type ExecutionProvider = z.infer<typeof ExecutionProviderSchema>;

/** Which exporter's folder layout was recognised (research/sd-controlnet-onnx.md §1.1). */
export const ModelLayoutSchema = z.enum(['optimum', 'diffusers-onnx', 'onnxstack', 'diffusersjs', 'unknown']);
export type ModelLayout = z.infer<typeof ModelLayoutSchema>;

export const ModelComponentNameSchema = z.enum([
  'textEncoder',
  'unet',
  'controlnet',
  'vaeDecoder',
  'vaeEncoder',
  'tokenizer',
]);
export type ModelComponentName = z.infer<typeof ModelComponentNameSchema>;

/** One graph input or output as the session reports it; symbolic dimensions stay strings. */
export const TensorInfoSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.union([z.number().int(), z.string()])),
});
export type TensorInfo = z.infer<typeof TensorInfoSchema>;

export const ModelComponentSchema = z.object({
  name: ModelComponentNameSchema,
  /** Path relative to the model folder (the .onnx file, or the tokenizer folder). */
  file: z.string(),
  /** Bytes on disk including external weights. */
  bytes: z.number().int().nonnegative(),
  /** Float precision of the graph's float inputs ('none' for the tokenizer). */
  precision: z.enum(['float32', 'float16', 'mixed', 'none']),
  inputs: z.array(TensorInfoSchema),
  outputs: z.array(TensorInfoSchema),
});
export type ModelComponent = z.infer<typeof ModelComponentSchema>;

export const ModelIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  component: ModelComponentNameSchema.nullable(),
  /** The file concerned, relative to the model folder. */
  file: z.string().nullable(),
  /** The graph input or output concerned. */
  tensor: z.string().nullable(),
  message: z.string(),
});
export type ModelIssue = z.infer<typeof ModelIssueSchema>;

/** What inspecting a folder found. `ok` is false when any issue is an error: such a model is refused. */
export const ModelReportSchema = z.object({
  path: z.string(),
  layout: ModelLayoutSchema,
  ok: z.boolean(),
  components: z.array(ModelComponentSchema),
  issues: z.array(ModelIssueSchema),
  /** Content hash of the graphs and tokenizer files (see docs/sd-controlnet.md for how it is made). */
  hash: z.string(),
  totalBytes: z.number().int().nonnegative(),
  /** Latent channels, text hidden size and ControlNet residual count read from the graphs. */
  latentChannels: z.number().int().positive().nullable(),
  textHiddenSize: z.number().int().positive().nullable(),
  residualCount: z.number().int().nonnegative().nullable(),
  /** VAE scaling factor (vae_decoder/config.json, else 0.18215). */
  vaeScalingFactor: z.number().positive(),
});
export type ModelReport = z.infer<typeof ModelReportSchema>;

/** A model folder in the catalog. */
export const DiffusionModelSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  path: z.string(),
  /** A ControlNet file given apart from the folder (OnnxStack keeps them separate), else null. */
  controlnetPath: z.string().nullable(),
  layout: ModelLayoutSchema,
  hash: z.string(),
  totalBytes: z.number().int().nonnegative(),
  provider: ExecutionProviderSchema,
  isDefault: z.boolean(),
  addedAt: z.number().int(),
  report: ModelReportSchema,
});
export type DiffusionModel = z.infer<typeof DiffusionModelSchema>;

export const ProviderInfoSchema = z.object({
  id: ExecutionProviderSchema,
  /** Listed by this onnxruntime-node build for this platform (it may still fail to start). */
  listed: z.boolean(),
  note: z.string(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;
