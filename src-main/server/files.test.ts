/** Pure file helpers: safe URL path decoding, root containment, content types, dispositions. */
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, contentTypeOf, insideRoot, safeRelativePath } from './files';

describe('safeRelativePath', () => {
  it('decodes ordinary paths segment by segment', () => {
    expect(safeRelativePath('ab/cd.png')).toBe('ab/cd.png');
    expect(safeRelativePath('my%20file.json')).toBe('my file.json');
    expect(safeRelativePath('caf%C3%A9.json')).toBe('café.json');
  });

  it.each([
    '',
    '..',
    'a/../b',
    '%2e%2e/x',
    '.%2e/x',
    'a%2f..%2fb',
    'a%5cb',
    '..\\x',
    '/etc/passwd',
    'a//b',
    './a',
    'a/%00b',
    'C:%5cwindows',
    'c:/x',
    '%E0%A4%A',
  ])('refuses %j', (path) => {
    expect(safeRelativePath(path)).toBeNull();
  });
});

describe('insideRoot', () => {
  it('keeps paths strictly inside the root', () => {
    expect(insideRoot('/srv/r', 'a/b.txt')).toBe('/srv/r/a/b.txt');
    expect(insideRoot('/srv/r', '../x')).toBeNull();
    expect(insideRoot('/srv/r', '.')).toBeNull();
    expect(insideRoot('/srv/r', '/etc/passwd')).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it('knows the renderer and media types and defaults to octet-stream', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('assets/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.webp')).toBe('image/webp');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('export.zip')).toBe('application/zip');
    expect(contentTypeOf('blob')).toBe('application/octet-stream');
  });
});

describe('attachmentDisposition', () => {
  it('quotes safely and keeps the UTF-8 name', () => {
    expect(attachmentDisposition('poses.json')).toBe(
      `attachment; filename="poses.json"; filename*=UTF-8''poses.json`,
    );
    expect(attachmentDisposition('pôses "x".json')).toBe(
      `attachment; filename="p_ses _x_.json"; filename*=UTF-8''p%C3%B4ses%20%22x%22.json`,
    );
  });
});
