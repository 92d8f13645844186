/**
 * @file From a training request to the ViT config and batch a run builds: the preset (micro for
 * tests and first tries, tiny, small), optional image and patch size overrides, and the [POSE]
 * token only where the recipe uses it (genpoccl), so single-token arms carry no dead parameters.
 * SimCLR has no positives beyond the two views, so its P x K batch becomes P*K singleton groups.
 */
import type { GroupBy, RecipeName, TrainModel, TrainRequest } from '../../contract';
import type { BatchShape } from './recipes';
import { VIT_SMALL, VIT_TINY, type VitConfig } from './vit';

/** 32 x 32, 18 tokens, about 40k parameters: seconds per hundred steps, for tests and smoke runs. */
export const VIT_MICRO: VitConfig = {
  imageSize: [32, 32],
  patchSize: 8,
  channels: 3,
  dim: 32,
  depth: 2,
  heads: 2,
  mlpDim: 64,
  poseToken: true,
};

const PRESETS = { micro: VIT_MICRO, tiny: VIT_TINY, small: VIT_SMALL } as const;

export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

export function resolveVitConfig(model: TrainModel, recipe: RecipeName): VitConfig {
  const base = PRESETS[model.preset];
  const patchSize = model.patchSize ?? base.patchSize;
  const imageSize = model.imageSize ?? base.imageSize;
  for (const [i, side] of imageSize.entries()) {
    if (side % patchSize !== 0) {
      throw new ModelConfigError(
        `model.imageSize[${i}] = ${side} is not a multiple of the patch size ${patchSize}`,
      );
    }
  }
  return { ...base, imageSize: [imageSize[0], imageSize[1]], patchSize, poseToken: recipe === 'genpoccl' };
}

/** The recipe's default positives: same pose for genpoccl, same prompt for stablerep. */
export function defaultGroupBy(recipe: RecipeName): GroupBy {
  return recipe === 'stablerep' ? 'prompt' : 'pose';
}

/** The sampler's batch: simclr draws P*K single images; the others P groups of K. */
export function samplerBatch(request: Pick<TrainRequest, 'recipe' | 'batch'>): BatchShape {
  const { groups, members } = request.batch;
  return request.recipe.recipe === 'simclr' ? { groups: groups * members, members: 1 } : { groups, members };
}
