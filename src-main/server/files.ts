/**
 * @file File responses of the server: content types, the traversal-safe decoding of URL paths
 * into relative file paths, streaming a file (with HEAD support), and the built renderer as
 * static files with the index.html fallback that client-side routes need.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { resolveInside } from '../core/node/files';
import { contentTypeOf, safeRelativePath } from '../core/shared/webPaths';

export { contentTypeOf, safeRelativePath };

export type FileHeaders = Record<string, string>;

/** Stream the regular file at `path`; resolves false (nothing sent) when there is no such file. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: FileHeaders = {},
): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': contentTypeOf(path),
    'Content-Length': String(info.size),
    ...headers,
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  // A client that goes away mid-download rejects the pipeline; that is not a server error.
  await pipeline(createReadStream(path), res).catch(() => undefined);
  return true;
}

/** `attachment; filename="…"; filename*=UTF-8''…`, safe for any export name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Vite fingerprints everything under assets/, so those may be cached forever. */
function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serve the built renderer. A path without an extension is a client route and gets index.html;
 * a missing asset is a plain 404 (an HTML page in its place would hide the bug); a missing
 * favicon is 204 so browsers stop asking.
 */
export async function serveRenderer(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string | null,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendPlain(res, 405, 'method not allowed');
  }
  const raw = pathname.replace(/^\/+/, '');
  const relativePath = raw === '' ? 'index.html' : safeRelativePath(raw);
  if (relativePath === null) return sendPlain(res, 400, 'bad path');
  if (rendererDir === null) {
    return sendPlain(res, 503, 'the renderer is not built (run npm run build); the API works');
  }
  const full = resolveInside(rendererDir, relativePath);
  if (full && (await sendFile(req, res, full, { 'Cache-Control': cacheControlFor(relativePath) }))) return;
  if (relativePath === 'favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (extname(relativePath) === '') {
    const index = join(rendererDir, 'index.html');
    if (await sendFile(req, res, index, { 'Cache-Control': 'no-cache' })) return;
  }
  sendPlain(res, 404, 'not found');
}
