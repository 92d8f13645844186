/**
 * @file The building blocks of a contract method (validated input, output, one-line summary), shared
 * by the per-domain method tables that `methods.ts` merges. Isomorphic: imports zod only.
 */
import { z } from 'zod';

export const Empty = z.object({}).strict();
export const Id = z.number().int().positive();

/** A method: validated input and output, and the summary the CLI help and docs print. */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}
