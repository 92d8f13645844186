/**
 * @file Addresses of project media files (paths relative to the project's `media/` folder, as the
 * catalog stores them) for the active transport: server mode fetches `/media/<path>` from the
 * serving origin with the access token in the query (an <img> cannot send headers); the desktop
 * app reads them through its own `studio://app/media/<path>` scheme. Pure.
 */

/** Builds the address of one media file. */
export type MediaUrl = (path: string) => string;

/** The Electron shell's app origin (src-main/electron/mediaProtocol.ts, which the renderer may not import). */
export const IPC_APP_ORIGIN = 'studio://app';

/** Each path segment percent-encoded; leading slashes dropped (media paths are relative). */
export function encodeMediaPath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

export function httpMediaUrl(baseUrl: string, token: string | null, path: string): string {
  const url = new URL(`/media/${encodeMediaPath(path)}`, baseUrl);
  if (token !== null) url.searchParams.set('token', token);
  return url.toString();
}

export function ipcMediaUrl(path: string): string {
  return `${IPC_APP_ORIGIN}/media/${encodeMediaPath(path)}`;
}
