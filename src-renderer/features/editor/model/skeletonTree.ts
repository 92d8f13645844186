/**
 * @file COCO-17 as a kinematic tree for editing: each limb joint's parent (elbow -> shoulder,
 * wrist -> elbow, knee -> hip, ankle -> knee, eyes -> nose, ears -> eyes), the subtree that
 * follows a joint rigidly when its limb rotates, and each joint's left/right partner. The torso
 * joints (nose, shoulders, hips) are roots: they have no parent to rotate about.
 */
import { COCO_COUNT, COCO_FLIP_PAIRS } from '../../../../src-main/core/pose/skeleton';

/** Parent joint per COCO index, or null for the torso roots. */
export const PARENT: readonly (number | null)[] = [
  null, // nose
  0, // left_eye
  0, // right_eye
  1, // left_ear
  2, // right_ear
  null, // left_shoulder
  null, // right_shoulder
  5, // left_elbow
  6, // right_elbow
  7, // left_wrist
  8, // right_wrist
  null, // left_hip
  null, // right_hip
  11, // left_knee
  12, // right_knee
  13, // left_ankle
  14, // right_ankle
];

/** The tree's bones as [parent, child] pairs: what the bone-length lock keeps. */
export const TREE_BONES: readonly (readonly [number, number])[] = PARENT.flatMap((parent, child) =>
  parent === null ? [] : [[parent, child] as const],
);

const CHILDREN: readonly number[][] = PARENT.map((_, joint) =>
  PARENT.flatMap((parent, child) => (parent === joint ? [child] : [])),
);

/** The joint and every joint below it in the tree. */
export function subtree(joint: number): number[] {
  const out = [joint];
  for (let i = 0; i < out.length; i += 1) out.push(...(CHILDREN[out[i]!] ?? []));
  return out;
}

const PARTNER: readonly (number | null)[] = (() => {
  const partner: (number | null)[] = Array.from({ length: COCO_COUNT }, () => null);
  for (const [left, right] of COCO_FLIP_PAIRS) {
    partner[left] = right;
    partner[right] = left;
  }
  return partner;
})();

/** The joint's left/right partner, or null for the nose. */
export function partnerOf(joint: number): number | null {
  return PARTNER[joint] ?? null;
}

/**
 * The limb a joint belongs to, as the joints whose left/right labels swap together when the
 * limb is flipped: arm (shoulder, elbow, wrist), leg (hip, knee, ankle) or face (eyes, ears), on
 * the joint's side. Null for the nose.
 */
export function limbOf(joint: number): number[] | null {
  if (joint === 0) return null;
  const left = joint % 2 === 1;
  const chains = [
    [1, 3],
    [5, 7, 9],
    [11, 13, 15],
  ];
  for (const chain of chains) {
    const sided = left ? chain : chain.map((j) => j + 1);
    if (sided.includes(joint)) return sided;
  }
  return null;
}
