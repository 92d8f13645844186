import { describe, expect, it } from 'vitest';
import { contentTypeOf, safeRelativePath } from './webPaths';

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
