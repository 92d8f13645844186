/**
 * @file Contract methods of the pose editor: create, augment, near-duplicate lookup.
 * Isomorphic: imports zod only.
 */
export const poseEditMethods = {} as const;
