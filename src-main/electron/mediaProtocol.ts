/**
 * @file The app's own privileged `studio://app/` scheme: it serves the built renderer (so the page
 * has a real, stable origin instead of file://) and `/media/<path>` from the open project through
 * `studio.resolveMedia`. Owns the scheme constants, the traversal-safe URL → file resolution
 * (pure, tested under Node), the response headers (the renderer's CSP lives here because this
 * handler answers every page load), and the `protocol.handle` registration.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Protocol } from 'electron';
import { resolveInside } from '../core/node/files';
import { contentTypeOf, safeRelativePath } from '../core/shared/webPaths';

export { contentTypeOf, safeRelativePath };

export const APP_SCHEME = 'studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** The renderer talks over IPC only, so it needs no network: connect-src stays on its origin. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True for a URL of the app's own origin (the only pages trusted with the bridge). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export type AppRoute =
  | { kind: 'renderer'; relativePath: string }
  | { kind: 'media'; relativePath: string }
  | { kind: 'refused'; status: 400 | 404 };

/** Which file an app URL names: a renderer file, a project media file, or nothing. */
export function routeAppUrl(url: string): AppRoute {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return { kind: 'refused', status: 404 };
  const raw = parsed.pathname.replace(/^\/+/, '');
  if (raw === '') return { kind: 'renderer', relativePath: 'index.html' };
  const isMedia = raw.startsWith('media/');
  const relativePath = safeRelativePath(isMedia ? raw.slice('media/'.length) : raw);
  if (relativePath === null) return { kind: 'refused', status: 400 };
  return { kind: isMedia ? 'media' : 'renderer', relativePath };
}

export type AppProtocolDeps = {
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  resolveMedia: (relativePath: string) => string | null;
};

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() === true;
}

/** The file an app route maps to; extensionless renderer paths are client routes → index.html. */
async function fileFor(route: AppRoute, deps: AppProtocolDeps): Promise<string | null> {
  if (route.kind === 'refused') return null;
  if (route.kind === 'media') return deps.resolveMedia(route.relativePath);
  const full = resolveInside(deps.rendererDir, route.relativePath);
  if (full !== null && (await isFile(full))) return full;
  return extname(route.relativePath) === '' ? resolve(deps.rendererDir, 'index.html') : null;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The `protocol.handle` handler; plain fetch `Request` → `Response`, so it runs under Node too. */
export function createAppProtocolHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const route = routeAppUrl(request.url);
    if (route.kind === 'refused') return textResponse(route.status, 'refused');
    const path = await fileFor(route, deps);
    if (path === null || !(await isFile(path))) return textResponse(404, 'not found');
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(path));
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(path),
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** Must run before `app` is ready: the scheme becomes standard (real origin) and secure. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, deps: AppProtocolDeps): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(deps));
}
