/**
 * @file From pixels, keypoints and detections to the QualityScores of one variant, platform-free
 * (the detector itself runs in `node/scorer.ts`, which calls these). Image checks work on the
 * whole image at most 256 px across; face checks look where the pose puts the face:
 *
 * - Face expected: the pose shows its nose or an eye (v = 2). Otherwise (back view, face behind
 *   a hat or a hand, head not in the pose) every face score is null: not applicable, never a
 *   reason to reject.
 * - Detector checks (confidence, landmarks) only where the pose shows the face frontally (nose
 *   and both eyes visible). BlazeFace is a frontal detector: on profiles its score and landmarks
 *   are noise, and judging them there rejected good variants without catching more bad ones.
 * - Sharpness and exposure on a square of half the head width on the face, moved partway towards
 *   the head centre so a profile's crop stays on skin, measured at native resolution (capped at
 *   64 px): upscaling a small face first would make every small face look blurred.
 * - Edge sharpness (edgeSharpness.ts) on every face the pose shows; the feature checks
 *   (faceFeatures.ts: feature contrast at the pose's visible eyes, eye offset and size) and the
 *   mouth checks (faceMouth.ts: lip contrast and mouth offset below the visible nose) on faces at
 *   least FEATURE_MIN_FACE (12) px wide, since below that an eye is a pixel or two. Every one works
 *   at native resolution (capped, never upscaled). Where a mouth is expected, the edge sharpness is
 *   the sharper of the head's middle and the mouth (a smooth clean face has detail only there).
 * - The feature checks skip a visible eye keypoint with little skin around it (`eyesOnFace`): the
 *   picture does not put that eye on the face (background beside the head, under a hat).
 * - The eye offset and size give way to the detector where it is sure of a frontal face and its
 *   eyes agree with the pose's (`detectorConfirmsFace`); so do the mouth checks.
 */
import type { Face } from './blazeface';
import { emptyScores, type QualityScores } from './scores';
import {
  estimateHead,
  faceRegion,
  type HeadEstimate,
  landmarkError,
  matchFace,
  type PoseKeypoint,
  COCO,
} from './faceGeometry';
import {
  brightnessPercentiles,
  entropy,
  laplacianVariance,
  meanLuma,
  PHASH_GRID,
  perceptualHash,
} from './imageStats';
import { grayThumbnail, type ImageView, resampleRegion } from './resample';
import { edgeSharpnessAt, faceEdgeSharpness } from './edgeSharpness';
import { eyesOnFace, featureContrast, featuresJudgeable, measureEyes } from './faceFeatures';
import { sampleFacePatch, skinColour } from './facePatch';
import { measureMouth } from './faceMouth';

/** Working size of the image checks (longer side), so thresholds do not depend on resolution. */
export const IMAGE_CHECK_SIDE = 256;
/** Side of the face crop for sharpness/exposure, as a fraction of the head width. */
export const FACE_CROP = 0.5;
/** How far that crop moves from the face centre towards the head centre (0..1). */
export const FACE_CROP_INWARD = 0.6;
/** Largest side the face crop is measured at (larger faces are downscaled to it). */
export const FACE_CROP_MAX = 64;
/** Side of the square around the expected mouth whose edge sharpness also counts, in head widths. */
export const MOUTH_EDGE_SIDE = 0.4;
/** Detector confidence and landmark error at which the eye and mouth checks defer to the detector. */
export const FACE_CONFIRMED_SCORE = 0.85;
export const FACE_CONFIRMED_ERROR = 0.08;

export type ImageMeasures = {
  blur: number;
  dark: number;
  bright: number;
  entropy: number;
  phash: string;
};

/** The image checks and the perceptual hash of the whole image. */
export function measureImage(img: ImageView): ImageMeasures {
  const thumb = grayThumbnail(img, IMAGE_CHECK_SIDE);
  const [p5, p99] = brightnessPercentiles(img, [5, 99]);
  const grid = resampleRegion(
    img,
    { x: 0, y: 0, w: img.width, h: img.height },
    PHASH_GRID,
    PHASH_GRID,
    'gray',
  );
  return {
    blur: laplacianVariance(thumb.data, thumb.w, thumb.h),
    dark: p99!,
    bright: p5!,
    entropy: entropy(thumb.data),
    phash: perceptualHash(grid),
  };
}

/** The pose shows the face: nose or an eye visible (v = 2). */
export function faceExpected(keypoints: readonly PoseKeypoint[]): boolean {
  return [COCO.nose, COCO.leftEye, COCO.rightEye].some((i) => keypoints[i]?.[2] === 2);
}

/** The pose shows the face frontally: nose and both eyes visible. */
export function faceFrontal(keypoints: readonly PoseKeypoint[]): boolean {
  return [COCO.nose, COCO.leftEye, COCO.rightEye].every((i) => keypoints[i]?.[2] === 2);
}

/** Where to look for this variant's face, or null when no face is expected. */
export function expectedHead(keypoints: readonly PoseKeypoint[]): HeadEstimate | null {
  if (!faceExpected(keypoints)) return null;
  return estimateHead(keypoints);
}

export type FaceMeasures = {
  sharpness: number;
  brightness: number;
  /** Edge sharpness ratio (edgeSharpness.ts). */
  edges?: number;
  /** Feature checks (faceFeatures.ts); absent or null where they do not apply. */
  features?: number | null;
  eyeOffset?: number | null;
  eyeSize?: number | null;
  /** Mouth checks (faceMouth.ts); absent or null where they do not apply. */
  mouth?: number | null;
  mouthOffset?: number | null;
};

/**
 * Sharpness and mean brightness of the face crop, its edge sharpness, and, given the pose's
 * keypoints and a face of at least FEATURE_MIN_FACE pixels, the feature checks.
 */
export function measureFace(
  img: ImageView,
  head: HeadEstimate,
  keypoints?: readonly PoseKeypoint[],
): FaceMeasures {
  const region = faceRegion(head, FACE_CROP, FACE_CROP_INWARD);
  const side = Math.max(8, Math.min(FACE_CROP_MAX, Math.round(region.w)));
  const gray = resampleRegion(img, region, side, side, 'gray');
  const out: FaceMeasures = {
    sharpness: laplacianVariance(gray, side, side),
    brightness: meanLuma(gray),
    edges: faceEdgeSharpness(img, head),
  };
  if (!keypoints || !featuresJudgeable(head)) return out;
  const patch = sampleFacePatch(img, head);
  const skin = skinColour(patch, head);
  const onFace = eyesOnFace(patch, skin, keypoints);
  const eyes = measureEyes(patch, skin, onFace);
  const mouth = measureMouth(patch, keypoints, head);
  // Where a mouth is expected, the sharper of the head's middle and the mouth: a smooth face (a
  // bald head, a three-quarter view) has no detail in the middle, and there a crisp mouth is the
  // evidence that the face is not blurred.
  const edges = mouth.at
    ? Math.max(out.edges!, edgeSharpnessAt(img, mouth.at.x, mouth.at.y, MOUTH_EDGE_SIDE * head.size))
    : out.edges;
  return {
    ...out,
    edges,
    features: featureContrast(patch, onFace),
    eyeOffset: eyes.offset,
    eyeSize: eyes.size,
    mouth: mouth.contrast,
    mouthOffset: mouth.offset,
  };
}

/**
 * Assembles the scores. `faces` are the detector's faces for this image (empty when it did not
 * run); `head` is null when no face is expected.
 */
export function assembleScores(
  image: ImageMeasures,
  keypoints: readonly PoseKeypoint[],
  head: HeadEstimate | null,
  face: FaceMeasures | null,
  faces: readonly Face[],
): QualityScores {
  const scores = emptyScores();
  scores['image.blur'] = image.blur;
  scores['image.dark'] = image.dark;
  scores['image.bright'] = image.bright;
  scores['image.entropy'] = image.entropy;
  if (!head || !face) return scores;
  scores['face.size'] = head.size;
  scores['face.sharpness'] = face.sharpness;
  scores['face.dark'] = face.brightness;
  scores['face.bright'] = face.brightness;
  scores['face.edges'] = face.edges ?? null;
  scores['face.features'] = face.features ?? null;
  scores['face.eyeOffset'] = face.eyeOffset ?? null;
  scores['face.eyeSize'] = face.eyeSize ?? null;
  scores['face.mouth'] = face.mouth ?? null;
  scores['face.mouthOffset'] = face.mouthOffset ?? null;
  if (faceFrontal(keypoints)) {
    const match = matchFace(faces, head);
    scores['face.confidence'] = match ? match.score : 0;
    scores['face.landmarks'] = match ? landmarkError(match, keypoints, false) : null;
  }
  if (detectorConfirmsFace(scores)) {
    scores['face.eyeOffset'] = null;
    scores['face.eyeSize'] = null;
    scores['face.mouth'] = null;
    scores['face.mouthOffset'] = null;
  }
  return scores;
}

/**
 * The detector is sure of the face (confidence >= FACE_CONFIRMED_SCORE) and puts its eyes and nose
 * where the pose does (landmark error <= FACE_CONFIRMED_ERROR): the face is where and how the pose
 * says, so the eye and mouth checks, which locate features by colour from the pose alone, do not
 * apply. They are made for the studio's rendered faces (a clear eye white, lips far redder than the
 * skin, a mouth a fixed fraction of the head below the nose); on a photograph's face (a sliver of
 * sclera at 48 px per head, a mouth nearer the nose, a head tilted on an upright body) they latch
 * onto highlights and teeth or misplace the mouth. On the mannequin bench every variant this gate
 * applies to is clean (78 of the 4000-variant tune split).
 */
export function detectorConfirmsFace(scores: QualityScores): boolean {
  const conf = scores['face.confidence'];
  const error = scores['face.landmarks'];
  return conf !== null && error !== null && conf >= FACE_CONFIRMED_SCORE && error <= FACE_CONFIRMED_ERROR;
}
