/**
 * @file Contract methods of diffusion models (SD 1.5 + ControlNet-OpenPose folders as ONNX): inspect a
 * folder without storing anything, add (refused unless the inspection report is ok), list, update
 * (name, provider, default), remove (the catalog row only, never the user's files); the execution
 * providers this build offers; and the project's settings (the default execution provider).
 * Isomorphic: imports zod only.
 */
import { z } from 'zod';
import { Empty, Id, method } from './methodDef';
import {
  DiffusionModelSchema,
  ExecutionProviderSchema,
  ModelReportSchema,
  ProviderInfoSchema,
} from './models';

/** A folder or file on the machine that runs the studio (absolute, or relative to its working folder). */
const FsPathSchema = z.string().trim().min(1).max(4096);
const ModelNameSchema = z.string().trim().min(1).max(200);

/** Project settings chosen on the Settings page. */
export const StudioSettingsSchema = z.object({
  /** The execution provider new models get and generation asks for; unavailable ones fall back to cpu. */
  provider: ExecutionProviderSchema,
});
export type StudioSettings = z.infer<typeof StudioSettingsSchema>;

export const modelMethods = {
  'models.inspect': method(
    z.object({ path: FsPathSchema, controlnetPath: FsPathSchema.optional() }).strict(),
    ModelReportSchema,
    'Inspect a model folder (layout, components, graph inputs, sizes, hash, issues); stores nothing.',
  ),
  'models.add': method(
    z
      .object({
        path: FsPathSchema,
        name: ModelNameSchema.optional(),
        /** A separate ControlNet-OpenPose model (file or folder) when the folder has none. */
        controlnetPath: FsPathSchema.optional(),
        /** Default: the project's provider setting. */
        provider: ExecutionProviderSchema.optional(),
      })
      .strict(),
    DiffusionModelSchema,
    'Add a model folder to the catalog after inspecting it; a folder with errors is refused. The first becomes the default.',
  ),
  'models.list': method(
    Empty,
    z.object({ items: z.array(DiffusionModelSchema) }),
    'Models in the catalog, oldest first.',
  ),
  'models.update': method(
    z
      .object({
        id: Id,
        name: ModelNameSchema.optional(),
        provider: ExecutionProviderSchema.optional(),
        /** true makes it the default (the others stop being it); false leaves no default. */
        isDefault: z.boolean().optional(),
      })
      .strict(),
    DiffusionModelSchema,
    'Rename a model, change its execution provider, or make it the default.',
  ),
  'models.remove': method(
    z.object({ id: Id }).strict(),
    z.object({ removed: z.boolean() }),
    'Remove a model from the catalog (its files stay); refused while an unfinished generation run uses it.',
  ),
  'providers.list': method(
    Empty,
    z.object({ items: z.array(ProviderInfoSchema), default: ExecutionProviderSchema }),
    'Execution providers this onnxruntime build lists for this platform, and the default one.',
  ),
  'settings.get': method(Empty, StudioSettingsSchema, "The project's settings."),
  'settings.update': method(
    z.object({ provider: ExecutionProviderSchema.optional() }).strict(),
    StudioSettingsSchema,
    "Change the project's settings; answers them all.",
  ),
} as const;
