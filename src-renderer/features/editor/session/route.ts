/**
 * @file The editor's address: `#/editor` (a new pose) and `#/editor/<poseId>` (an existing one),
 * parsed and built here so the page, the library's links and the tests agree. Pure.
 */

export type EditorRoute = { kind: 'new' } | { kind: 'pose'; id: number };

/** The editor route a hash names, or null when it names another page (or a malformed id). */
export function parseEditorRoute(hash: string): EditorRoute | null {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'editor' || path === 'editor/') return { kind: 'new' };
  const match = /^editor\/(\d{1,15})\/?$/.exec(path);
  if (match === null) return null;
  const id = Number(match[1]);
  return id > 0 ? { kind: 'pose', id } : null;
}

export function editorHash(route: EditorRoute): string {
  return route.kind === 'new' ? '#/editor' : `#/editor/${route.id}`;
}

export function sameRoute(a: EditorRoute | null, b: EditorRoute | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && (a.kind === 'new' || a.id === (b as { id: number }).id);
}

/** True on macOS, where Mod is Cmd (the editor formats and matches shortcuts with it). */
export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent);
}
