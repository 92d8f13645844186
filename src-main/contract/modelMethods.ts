/**
 * @file Contract methods of diffusion models (SD + ControlNet folders): add, validate, list, default.
 * Isomorphic: imports zod only.
 */
export const modelMethods = {} as const;
