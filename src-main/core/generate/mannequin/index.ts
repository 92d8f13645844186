/**
 * @file The embedded default generator 'mannequin': a procedurally drawn, clothed human figure on
 * the pose's skeleton, with RGB, 16-bit depth, part labels, occlusion-aware keypoints and the
 * identity/attribute record per variant. Needs no weights and no platform APIs.
 */
import type { GeneratedVariant, Generator } from '../types';
import { MannequinOptionsSchema } from './options';
import { MANNEQUIN_VERSION, renderMannequin } from './render';

export { MannequinOptionsSchema, type MannequinOptions, FACE_DEFECTS, BACKGROUND_KINDS } from './options';
export { PART, PART_NAMES, type PartName } from './parts';
export { parsePrompt, type PromptAttributes } from './promptAttributes';
export { resolveAppearance, type Appearance } from './appearance';
export { MANNEQUIN_VERSION, renderMannequin } from './render';

export const mannequinGenerator: Generator = {
  id: 'mannequin',
  name: 'Mannequin',
  description:
    'Embedded procedural renderer: a clothed figure on the skeleton with sampled appearance, background and light; ' +
    `also emits depth, part masks and occlusion-aware keypoints. No model weights. (v${MANNEQUIN_VERSION})`,
  optionsSchema: MannequinOptionsSchema,
  async generate(pose, params, signal, progress) {
    const options = MannequinOptionsSchema.parse(params.options);
    const variants: GeneratedVariant[] = [];
    for (let i = 0; i < params.count; i += 1) {
      signal.throwIfAborted();
      const seed = params.seeds?.[i] ?? params.seed + i;
      const prompt = params.prompts?.[i] ?? params.prompt;
      variants.push(
        renderMannequin({ pose, width: params.width, height: params.height, prompt, seed, options }),
      );
      progress?.((i + 1) / params.count);
    }
    return variants;
  },
};
