/**
 * @file Tiny random-weight SD 1.5 + ControlNet-OpenPose model folders for tests, in each exporter's
 * layout (Optimum, diffusers script / Amblyopius, OnnxStack / Axodox), with broken variants, plus
 * feeds built from session metadata. See folder.ts and graphs.ts.
 */
export { buildSdModelFolder, SD15_SCHEDULER_CONFIG, type SdModelFolder } from './folder';
export {
  controlnetOutputName,
  residualPlan,
  resolveOptions,
  unetResidualName,
  type BrokenVariant,
  type FixtureConfig,
  type FixtureLayout,
  type SdFixtureOptions,
  type TimestepKind,
} from './options';
export {
  feedsFor,
  makeTensor,
  maxDiff,
  perturbed,
  resolveDim,
  sizesOf,
  toFloat32,
  type FeedSizes,
} from './feeds';
export { BOS_TOKEN, EOS_TOKEN, MINI_MERGES, miniTokenizerFiles, miniVocab } from './tokenizerFiles';
