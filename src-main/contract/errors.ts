/**
 * @file Typed error codes shared by every transport (IPC, HTTP, CLI, in-memory).
 * Isomorphic: imports zod only. A handler throws `StudioError`; the RPC runtime turns it into
 * the `{ ok: false, error }` envelope, and clients turn the envelope back into a `StudioError`.
 */
import { z } from 'zod';

export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'NO_PROJECT',
  'PROJECT_EXISTS',
  'CONFLICT',
  'UNSUPPORTED_FORMAT',
  'MALFORMED_FILE',
  'CANCELLED',
  'BUSY',
  'VERSION_TOO_NEW',
  'UNAUTHORIZED',
  'UNKNOWN_METHOD',
  'IO_ERROR',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Machine-readable context, e.g. `{ file, record, field }` for a malformed file. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;

export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(payload: ErrorPayload): StudioError {
    return new StudioError(payload.code, payload.message, payload.details);
  }
}

export function isStudioError(value: unknown): value is StudioError {
  return value instanceof StudioError;
}
