/**
 * @file URL-path rules both shells share (platform-free): the content type of a file name, and the
 * traversal-safe decoding of a raw URL path into a relative path. Containment inside a root
 * folder is then checked again on the real path by core/node/files.ts `resolveInside`.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.zip': 'application/zip',
};

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extensionOf(path)] ?? 'application/octet-stream';
}

/**
 * Decode a raw (still percent-encoded) URL path into a relative file path, or null when it is
 * unsafe. Each segment is decoded on its own, so `%2e%2e` and `%2f` cannot smuggle a `..` or a
 * separator past the check; backslashes, NUL, drive letters and empty segments are refused too.
 */
export function safeRelativePath(rawPath: string): string | null {
  if (rawPath.length === 0) return null;
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (/[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  // No segment holds a separator, a drive colon or NUL, so the join is always relative.
  return segments.join('/');
}
