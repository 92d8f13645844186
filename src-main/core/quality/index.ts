/**
 * @file Public, platform-free API of the quality module (face and image checks of issue 5): the
 * checks table, scores and the reject decision, perceptual-hash duplicate grouping, and the
 * BlazeFace/face-geometry helpers, and the detector-free face checks (edge sharpness, feature
 * contrast, eye position and size, lip contrast and mouth position). The scorer that runs the
 * detector is `./node/scorer`.
 */
export {
  CHECKS,
  CHECK_BY_ID,
  CHECK_IDS,
  defaultThresholds,
  type CheckDirection,
  type CheckGroup,
  type CheckId,
  type CheckInfo,
  type Thresholds,
} from './checks';
export {
  decide,
  emptyScores,
  fails,
  reasonFor,
  type Decision,
  type DecideOptions,
  type QualityScores,
  type ThresholdOverrides,
} from './scores';
export { duplicateDistances, groupNearDuplicates } from './duplicates';
export { hammingDistance } from './imageStats';
export { BLAZEFACE, FACE_KEYPOINTS, type BlazeFaceModel, type Face } from './blazeface';
export { estimateHead, type HeadEstimate, type PoseKeypoint } from './faceGeometry';
export { edgeSharpnessAt, edgeSharpnessOf, faceEdgeSharpness } from './edgeSharpness';
export { FEATURE_MIN_FACE, featureContrast, locateEye, measureEyes, type EyeMeasures } from './faceFeatures';
export { headUp, locateMouth, measureMouth, type MouthFound, type MouthMeasures } from './faceMouth';
export { sampleFacePatch, skinColour, type FacePatch } from './facePatch';
