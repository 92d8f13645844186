/**
 * @file How the server speaks the contract over HTTP: the status code for each error code, the
 * result envelope as the body of every API answer (errors included, so clients never have to
 * parse anything else), and reading a size-limited JSON request body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StudioError, toErrorPayload, type ErrorCode, type ErrorPayload, type Result } from '../contract';

/** 8 MB: far above any method input (a 100k-id selection is ~700 kB), far below harm. */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  MALFORMED_FILE: 400,
  UNSUPPORTED_FORMAT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  PROJECT_EXISTS: 409,
  BUSY: 409,
  NO_PROJECT: 409,
};

export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** Send an envelope; the status follows the error code unless the caller knows better (413, 403). */
export function sendEnvelope(res: ServerResponse, result: Result<unknown>, status?: number): void {
  const body = JSON.stringify(result);
  res.writeHead(status ?? (result.ok ? 200 : statusForCode(result.error.code)), {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  status?: number,
  details?: Record<string, unknown>,
): void {
  const error: ErrorPayload = details === undefined ? { code, message } : { code, message, details };
  sendEnvelope(res, { ok: false, error }, status);
}

/** Turn anything thrown by a studio service into an envelope (unknown errors become INTERNAL). */
export function sendThrown(res: ServerResponse, thrown: unknown): void {
  sendEnvelope(res, { ok: false, error: toErrorPayload(thrown) });
}

/** An error that carries its own HTTP status (413 for an oversized body). */
export class HttpError extends StudioError {
  readonly status: number;

  constructor(status: number, code: ErrorCode, message: string) {
    super(code, message);
    this.status = status;
  }
}

/**
 * Read the whole body as JSON. Empty means `{}` (methods without input). Stops reading at the
 * size limit, so an endless body cannot fill memory.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim().length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, 'INVALID_INPUT', `the request body is not valid JSON (${reason})`);
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'INVALID_INPUT',
    `the request body is larger than ${Math.round(limit / 1024 / 1024)} MB; upload files with PUT /api/upload`,
  );
}
