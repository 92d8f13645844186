/**
 * @file The mannequin's part-segmentation table: label value -> part name. Left/right are the
 * person's own sides (COCO's convention). Body parts keep their label under clothing (a sleeve
 * is still upper_arm); hair, hat, bag and skirt are separate because they cover body parts.
 * Also which labels count as a keypoint's own surface, for visibility after occlusion.
 */

export const PART_NAMES = [
  'background',
  'head',
  'face',
  'hair',
  'neck',
  'torso',
  'upper_arm_left',
  'upper_arm_right',
  'lower_arm_left',
  'lower_arm_right',
  'hand_left',
  'hand_right',
  'upper_leg_left',
  'upper_leg_right',
  'lower_leg_left',
  'lower_leg_right',
  'foot_left',
  'foot_right',
  'hat',
  'bag',
  'skirt',
] as const;

export type PartName = (typeof PART_NAMES)[number];

/** Part name -> label value (its index in PART_NAMES). */
export const PART = Object.fromEntries(PART_NAMES.map((name, index) => [name, index])) as Record<
  PartName,
  number
>;

/** Per COCO-17 keypoint: the labels of the surfaces it lies on; anything else over it occludes it. */
export const KEYPOINT_OWN_PARTS: readonly (readonly number[])[] = [
  [PART.head, PART.face],
  [PART.head, PART.face],
  [PART.head, PART.face],
  [PART.head, PART.face],
  [PART.head, PART.face],
  [PART.torso, PART.neck, PART.upper_arm_left],
  [PART.torso, PART.neck, PART.upper_arm_right],
  [PART.upper_arm_left, PART.lower_arm_left],
  [PART.upper_arm_right, PART.lower_arm_right],
  [PART.lower_arm_left, PART.hand_left],
  [PART.lower_arm_right, PART.hand_right],
  [PART.torso, PART.upper_leg_left, PART.skirt],
  [PART.torso, PART.upper_leg_right, PART.skirt],
  [PART.upper_leg_left, PART.lower_leg_left, PART.skirt],
  [PART.upper_leg_right, PART.lower_leg_right, PART.skirt],
  [PART.lower_leg_left, PART.foot_left],
  [PART.lower_leg_right, PART.foot_right],
];
