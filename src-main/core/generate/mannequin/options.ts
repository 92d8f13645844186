/**
 * @file The mannequin's options (zod): what a user can set on the Generate page; everything else
 * comes from the prompt and the seed. Parsed options (defaults applied) go into each variant's
 * params so it can be made again.
 */
import { z } from 'zod';

export const FACE_DEFECTS = ['blur', 'smear', 'distort', 'missing'] as const;
export type FaceDefect = (typeof FACE_DEFECTS)[number];

export const BACKGROUND_KINDS = ['plain', 'gradient', 'texture', 'scene'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

export const MannequinOptionsSchema = z
  .object({
    /** Face-defect factor (ground truth for the face filter): which defect, 'random' picks one. */
    faceDefect: z.enum(['none', 'random', ...FACE_DEFECTS]).default('none'),
    /** Probability that a variant gets the face defect (when faceDefect is not 'none'). */
    faceDefectProbability: z.number().min(0).max(1).default(1),
    /** Background kind; 'auto' samples one per variant (a prompt's indoor/outdoor asks for a scene). */
    background: z.enum(['auto', ...BACKGROUND_KINDS]).default('auto'),
    /** Amount of clutter objects in the background, 0..1. */
    clutter: z.number().min(0).max(1).default(0.5),
    /** Directional light strength, 0 (flat) .. 1 (hard). */
    lighting: z.number().min(0).max(1).default(0.6),
    /** Soft silhouettes (edge coverage); off gives hard label-exact edges in the RGB image too. */
    antialias: z.boolean().default(true),
  })
  .strict();

export type MannequinOptions = z.infer<typeof MannequinOptionsSchema>;
