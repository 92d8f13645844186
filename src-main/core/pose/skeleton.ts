/**
 * @file The internal skeleton (COCO-17: names, limbs, left/right pairs, OKS sigmas) and the
 * layout tables that map other skeletons onto it at the edges. A layout is a list of joint names
 * in file order; joints named like a COCO joint map to it, every other joint (neck, head top,
 * pelvis, feet, ...) is not imported and stays unlabeled in COCO-17.
 */
import type { Keypoint } from './types';

export const COCO_KEYPOINT_NAMES = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;

export const COCO_COUNT = COCO_KEYPOINT_NAMES.length;

/** Limbs as 0-based index pairs (COCO's `skeleton` minus one), legs first as in the COCO file. */
export const COCO_LIMBS: readonly (readonly [number, number])[] = [
  [15, 13],
  [13, 11],
  [16, 14],
  [14, 12],
  [11, 12],
  [5, 11],
  [6, 12],
  [5, 6],
  [5, 7],
  [6, 8],
  [7, 9],
  [8, 10],
  [1, 2],
  [0, 1],
  [0, 2],
  [1, 3],
  [2, 4],
  [3, 5],
  [4, 6],
];

/** Left/right joint pairs, swapped when a pose is mirrored. */
export const COCO_FLIP_PAIRS: readonly (readonly [number, number])[] = [
  [1, 2],
  [3, 4],
  [5, 6],
  [7, 8],
  [9, 10],
  [11, 12],
  [13, 14],
  [15, 16],
];

/** Per-joint OKS sigmas from the COCO keypoint evaluation (cocoeval.py). */
export const COCO_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087,
  0.089, 0.089,
];

const cocoIndex = new Map<string, number>(COCO_KEYPOINT_NAMES.map((name, index) => [name, index]));

export type LayoutId =
  | 'coco17'
  | 'openpose18'
  | 'body25'
  | 'body25b'
  | 'halpe26'
  | 'halpe136'
  | 'cocoWholebody133'
  | 'crowdpose14'
  | 'aic14'
  | 'mpii16'
  | 'mhp16'
  | 'jhmdb15'
  | 'exlpose14'
  | 'posetrack17'
  | 'humanart21';

export type SkeletonLayout = {
  id: LayoutId;
  /** Name for warnings and reports. */
  label: string;
  /** Joint names in file order (only as many as the body part of the layout; see `count`). */
  names: readonly string[];
  /** Joints per pose in the file (may exceed names: face/hand points we never import). */
  count: number;
  /** Index in the layout -> COCO-17 index, or null when COCO-17 has no such joint. */
  toCoco: readonly (number | null)[];
};

const OPENPOSE18 = [
  'nose',
  'neck',
  'right_shoulder',
  'right_elbow',
  'right_wrist',
  'left_shoulder',
  'left_elbow',
  'left_wrist',
  'right_hip',
  'right_knee',
  'right_ankle',
  'left_hip',
  'left_knee',
  'left_ankle',
  'right_eye',
  'left_eye',
  'right_ear',
  'left_ear',
];
const FEET_LR = [
  'left_big_toe',
  'left_small_toe',
  'left_heel',
  'right_big_toe',
  'right_small_toe',
  'right_heel',
];
const BODY25 = [...OPENPOSE18.slice(0, 8), 'mid_hip', ...OPENPOSE18.slice(8), ...FEET_LR];
const BODY25B = [...COCO_KEYPOINT_NAMES, 'neck', 'head_top', ...FEET_LR];
const HALPE26 = [
  ...COCO_KEYPOINT_NAMES,
  'head_top',
  'neck',
  'mid_hip',
  'left_big_toe',
  'right_big_toe',
  'left_small_toe',
  'right_small_toe',
  'left_heel',
  'right_heel',
];
const CROWDPOSE14 = [...COCO_KEYPOINT_NAMES.slice(5), 'head_top', 'neck'];
const AIC14 = [
  'right_shoulder',
  'right_elbow',
  'right_wrist',
  'left_shoulder',
  'left_elbow',
  'left_wrist',
  'right_hip',
  'right_knee',
  'right_ankle',
  'left_hip',
  'left_knee',
  'left_ankle',
  'head_top',
  'neck',
];
const MPII16 = [
  'right_ankle',
  'right_knee',
  'right_hip',
  'left_hip',
  'left_knee',
  'left_ankle',
  'pelvis',
  'thorax',
  'upper_neck',
  'head_top',
  'right_wrist',
  'right_elbow',
  'right_shoulder',
  'left_shoulder',
  'left_elbow',
  'left_wrist',
];
const JHMDB15 = [
  'neck',
  'belly',
  'head_top',
  'right_shoulder',
  'left_shoulder',
  'right_hip',
  'left_hip',
  'right_elbow',
  'left_elbow',
  'right_knee',
  'left_knee',
  'right_wrist',
  'left_wrist',
  'right_ankle',
  'left_ankle',
];
const POSETRACK17 = ['nose', 'head_bottom', 'head_top', ...COCO_KEYPOINT_NAMES.slice(3)];
const HUMANART21 = [...COCO_KEYPOINT_NAMES, 'left_finger', 'right_finger', 'left_toe', 'right_toe'];

function layout(id: LayoutId, label: string, names: readonly string[], count = names.length): SkeletonLayout {
  return { id, label, names, count, toCoco: names.map((name) => cocoIndex.get(name) ?? null) };
}

export const LAYOUTS: Readonly<Record<LayoutId, SkeletonLayout>> = {
  coco17: layout('coco17', 'COCO-17', COCO_KEYPOINT_NAMES),
  openpose18: layout('openpose18', 'OpenPose COCO-18', OPENPOSE18),
  body25: layout('body25', 'OpenPose BODY_25', BODY25),
  body25b: layout('body25b', 'OpenPose BODY_25B', BODY25B),
  halpe26: layout('halpe26', 'Halpe-26', HALPE26),
  // Halpe-136 = Halpe-26 body and feet, then 68 face and 2 x 21 hand points.
  halpe136: layout('halpe136', 'Halpe-136', HALPE26, 136),
  // COCO-WholeBody as one 133-point array (mmpose predictions): body, 6 foot, 68 face, 42 hand.
  cocoWholebody133: layout('cocoWholebody133', 'COCO-WholeBody-133', COCO_KEYPOINT_NAMES, 133),
  crowdpose14: layout('crowdpose14', 'CrowdPose-14', CROWDPOSE14),
  aic14: layout('aic14', 'AI Challenger-14', AIC14),
  mpii16: layout('mpii16', 'MPII-16', MPII16),
  mhp16: layout('mhp16', 'MHP-16', MPII16),
  jhmdb15: layout('jhmdb15', 'JHMDB-15', JHMDB15),
  // ExLPose uses CrowdPose's joint order (mmpose's exlpose dataset config).
  exlpose14: layout('exlpose14', 'ExLPose-14', CROWDPOSE14),
  posetrack17: layout('posetrack17', 'PoseTrack18-17', POSETRACK17),
  humanart21: layout('humanart21', 'Human-Art-21', HUMANART21),
};

const UNLABELED: Keypoint = [0, 0, 0];

/**
 * Map one pose in `layout` (already as [x, y, v] triples) to COCO-17. Joints COCO-17 lacks are
 * dropped; COCO joints the layout lacks are unlabeled.
 */
export function toCoco17(points: readonly Keypoint[], toCoco: readonly (number | null)[]): Keypoint[] {
  const out: Keypoint[] = Array.from({ length: COCO_COUNT }, () => UNLABELED);
  for (let i = 0; i < toCoco.length && i < points.length; i += 1) {
    const target = toCoco[i];
    const point = points[i];
    if (target === null || target === undefined || point === undefined || point[2] === 0) continue;
    out[target] = [point[0], point[1], point[2]];
  }
  return out;
}

/**
 * COCO-17 -> OpenPose COCO-18 for export. The neck is the midpoint of the shoulders when both
 * are labeled, with the lower of their two visibilities; otherwise unlabeled.
 */
export function cocoToOpenpose18(keypoints: readonly Keypoint[]): Keypoint[] {
  const [ls, rs] = [keypoints[5], keypoints[6]];
  const neck: Keypoint =
    ls && rs && ls[2] > 0 && rs[2] > 0
      ? [(ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2, Math.min(ls[2], rs[2]) as Keypoint[2]]
      : UNLABELED;
  return OPENPOSE18.map((name) => {
    if (name === 'neck') return neck;
    const point = keypoints[cocoIndex.get(name)!];
    return point && point[2] > 0 ? point : UNLABELED;
  });
}
