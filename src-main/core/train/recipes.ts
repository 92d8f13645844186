/**
 * @file The pre-training recipes of issue 4 as zod-validated configs, and the builder that turns
 * a recipe, a ViT config and a batch shape into what buildTrainStep takes (parameter specs,
 * data inputs, loss). Values follow shared/research/methods.md:
 * - `simclr`: two augmented views of each image (`view1`, `view2`), symmetric InfoNCE on the
 *   [CLS] projection, tau 0.1 (Sec. 4 gives ~0.1-0.2; Sec. 5.2 uses 0.1 for every arm).
 * - `stablerep`: one view per image (`images`), multi-positive loss on the [CLS] projection with
 *   tau 0.1; positives share the prompt, given as int64 `group_ids` fed per batch (Sec. 2.2).
 * - `genpoccl`: two views (`view1`, `view2`) and int64 `group_ids` (one per image; positives
 *   share the pose). L = w_align * L_align + w_mp * L_mp with w_align = w_mp = 0.05 (Sec. 1.3):
 *   L_mp is the multi-positive loss on the [POSE] projection of both views (tau 0.1, ids
 *   repeated per view, so the other view of an image is a positive too); L_align is HAP's
 *   two-view alignment on the [CLS] projection, tau 0.2, which is 4 * tau * infoNceTwoView.
 *   The reconstruction branch (L_rec, HAP's MAE decoder) is out of scope for now: without it
 *   the two weights only rescale the loss; set both to 1 for methods.md's arm A4.
 * Images are [B, C, H, W] with B = groups x members, group-major (the sampler's P x K order).
 */
import type { z } from 'zod';
import {
  type GenpocclRecipeSchema,
  type RecipeConfig,
  type RecipeName,
  RecipeConfigSchema,
  type SimclrRecipeSchema,
  type StablerepRecipeSchema,
} from '../../contract/training';
import type { Graph, Tensor } from './graph';
import { infoNceTwoView, multiPositiveLoss } from './losses';
import * as op from './ops';
import type { DataInput } from './step';
import {
  type ParamSet,
  type VitConfig,
  headParams,
  mergeParams,
  projectionHead,
  vitForward,
  vitParams,
} from './vit';

export {
  GenpocclRecipeSchema,
  HeadConfigSchema,
  RecipeConfigSchema,
  SimclrRecipeSchema,
  StablerepRecipeSchema,
  type HeadConfig,
  type RecipeConfig,
  type RecipeName,
} from '../../contract/training';

/** Parses a recipe config (defaults filled in); throws a ZodError on invalid input. */
export function parseRecipe(input: unknown): RecipeConfig {
  return RecipeConfigSchema.parse(input);
}

/** The batch: P groups of K members each (B = P * K images per view). */
export interface BatchShape {
  groups: number;
  members: number;
}

/** Everything buildTrainStep needs for one recipe; `params.values` holds the initial weights. */
export interface RecipeModel {
  config: RecipeConfig;
  params: ParamSet;
  data: DataInput[];
  loss: (g: Graph, params: Record<string, Tensor>, data: Record<string, Tensor>) => Tensor;
}

type Params = Readonly<Record<string, Tensor>>;
type Data = Readonly<Record<string, Tensor>>;

function need(data: Data, name: string): Tensor {
  const t = data[name];
  if (!t) throw new Error(`recipe: missing data input ${name}`);
  return t;
}

/** Runs both views through the encoder as one batch of 2B; returns [CLS] and [POSE] per view. */
function twoViews(g: Graph, params: Params, data: Data, vit: VitConfig) {
  const v1 = need(data, 'view1');
  const b = v1.shape[0] as number;
  const was = g.taping;
  g.taping = false; // data is never differentiated
  const both = op.concat([v1, need(data, 'view2')], 0);
  g.taping = was;
  const out = vitForward(g, params, both, vit);
  const half = (t: Tensor, i: number) => op.slice(t, [i * b], [(i + 1) * b], [0]);
  return { cls: out.cls, pose: out.pose, half, b };
}

/** The group ids repeated for two views ([B] -> [2B]), untaped. */
function repeatIds(g: Graph, ids: Tensor): Tensor {
  const was = g.taping;
  g.taping = false;
  const out = op.concat([ids, ids], 0);
  g.taping = was;
  return out;
}

/**
 * The head applied to each view's half on its own, so its batch norm uses per-view statistics
 * (StableRep's per-view BN: the views' statistics never mix).
 */
function perView(
  g: Graph,
  params: Params,
  tokens: Tensor,
  half: (t: Tensor, i: number) => Tensor,
  head: string,
): [Tensor, Tensor] {
  return [projectionHead(g, params, half(tokens, 0), head), projectionHead(g, params, half(tokens, 1), head)];
}

function simclrLoss(cfg: z.infer<typeof SimclrRecipeSchema>, vit: VitConfig): RecipeModel['loss'] {
  return (g, params, data) => {
    const { cls, half } = twoViews(g, params, data, vit);
    const [z1, z2] = perView(g, params, cls, half, 'cls');
    return infoNceTwoView(g, z1, z2, cfg.temperature);
  };
}

function stablerepLoss(cfg: z.infer<typeof StablerepRecipeSchema>, vit: VitConfig): RecipeModel['loss'] {
  return (g, params, data) => {
    const { cls } = vitForward(g, params, need(data, 'images'), vit);
    const zc = projectionHead(g, params, cls, 'cls');
    return multiPositiveLoss(g, zc, need(data, 'group_ids'), cfg.temperature);
  };
}

function genpocclLoss(cfg: z.infer<typeof GenpocclRecipeSchema>, vit: VitConfig): RecipeModel['loss'] {
  return (g, params, data) => {
    const { cls, pose, half } = twoViews(g, params, data, vit);
    if (!pose) throw new Error('genpoccl: the ViT config needs the [POSE] token');
    const zp = op.concat(perView(g, params, pose, half, 'pose'), 0);
    const mp = multiPositiveLoss(g, zp, repeatIds(g, need(data, 'group_ids')), cfg.mpTemperature);
    const [z1, z2] = perView(g, params, cls, half, 'cls');
    const nce = infoNceTwoView(g, z1, z2, cfg.alignTemperature);
    const align = op.mul(nce, g.scalar(4 * cfg.alignTemperature)); // HAP: 2T per direction, summed
    return op.add(op.mul(mp, g.scalar(cfg.mpWeight)), op.mul(align, g.scalar(cfg.alignWeight)));
  };
}

/** The data inputs a recipe feeds per step, for B images per view. */
function recipeData(recipe: RecipeName, vit: VitConfig, b: number): DataInput[] {
  const image = [b, vit.channels, vit.imageSize[0], vit.imageSize[1]];
  const ids: DataInput = { name: 'group_ids', shape: [b], dtype: 'int64' };
  if (recipe === 'stablerep') return [{ name: 'images', shape: image }, ids];
  const views: DataInput[] = [
    { name: 'view1', shape: image },
    { name: 'view2', shape: [...image] },
  ];
  return recipe === 'genpoccl' ? [...views, ids] : views;
}

/**
 * Builds a recipe's model: the encoder plus one projection head per token the recipe uses
 * (`heads.cls`, and `heads.pose` for genpoccl), the data inputs and the loss. Accepts a raw
 * (unparsed) config too; it is validated here.
 */
export function buildRecipe(config: unknown, vit: VitConfig, batch: BatchShape, seed = 0): RecipeModel {
  const cfg = parseRecipe(config);
  if (
    !Number.isInteger(batch.groups) ||
    !Number.isInteger(batch.members) ||
    batch.groups < 1 ||
    batch.members < 1
  )
    throw new Error(`recipe: invalid batch ${batch.groups} x ${batch.members}`);
  if (cfg.recipe === 'stablerep' && batch.members < 2)
    throw new Error('stablerep: needs at least 2 members per group (positives)');
  if (cfg.recipe === 'genpoccl' && !vit.poseToken)
    throw new Error('genpoccl: the ViT config needs the [POSE] token');
  const b = batch.groups * batch.members;
  const { hidden, out } = cfg.head;
  const sets = [vitParams(vit, seed), headParams('cls', vit.dim, hidden, out, seed + 1)];
  if (cfg.recipe === 'genpoccl') sets.push(headParams('pose', vit.dim, hidden, out, seed + 2));
  const loss =
    cfg.recipe === 'simclr'
      ? simclrLoss(cfg, vit)
      : cfg.recipe === 'stablerep'
        ? stablerepLoss(cfg, vit)
        : genpocclLoss(cfg, vit);
  return { config: cfg, params: mergeParams(...sets), data: recipeData(cfg.recipe, vit, b), loss };
}
