/**
 * @file Turning anything thrown by a call into a readable line with its error code, for the UI.
 * Pure; imports the contract's error type only.
 */
import { isStudioError, type ErrorCode } from '../../src-main/contract';

export type ReadableError = { code: ErrorCode | null; message: string };

export function readableError(error: unknown): ReadableError {
  if (isStudioError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: null, message: error.message };
  return { code: null, message: String(error) };
}

/** `CODE: message`, or just the message for errors without a code. */
export function errorText(error: unknown): string {
  const { code, message } = readableError(error);
  return code === null ? message : `${code}: ${message}`;
}
