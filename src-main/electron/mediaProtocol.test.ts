/** The app scheme: URL routing (traversal-safe), and the protocol handler over real files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, createAppProtocolHandler, isAppUrl, routeAppUrl } from './mediaProtocol';
import { tempDir } from '../../tests/helpers/paths';

describe('routeAppUrl', () => {
  it('maps renderer files, the root and media paths', () => {
    expect(routeAppUrl('studio://app/')).toEqual({ kind: 'renderer', relativePath: 'index.html' });
    expect(routeAppUrl('studio://app/assets/a.js')).toEqual({
      kind: 'renderer',
      relativePath: 'assets/a.js',
    });
    expect(routeAppUrl('studio://app/media/ab/c%20d.png')).toEqual({
      kind: 'media',
      relativePath: 'ab/c d.png',
    });
  });

  it.each([
    'studio://app/media/..%2f..%2fsecret',
    'studio://app/media/ab%5c..%5csecret',
    'studio://app/media/%00x',
    'studio://app/media/',
    'studio://app/assets//x.js',
    'studio://app/C:%5cwindows',
  ])('refuses %s with 400', (url) => {
    expect(routeAppUrl(url)).toEqual({ kind: 'refused', status: 400 });
  });

  it('normalizes dot segments before routing, so they cannot climb out', () => {
    expect(routeAppUrl('studio://app/media/../../secret')).toEqual({
      kind: 'renderer',
      relativePath: 'secret',
    });
    expect(routeAppUrl('studio://app/media/%2e%2e/x')).toEqual({ kind: 'renderer', relativePath: 'x' });
  });

  it('refuses other hosts and schemes', () => {
    expect(routeAppUrl('studio://other/index.html')).toEqual({ kind: 'refused', status: 404 });
    expect(routeAppUrl('https://app/index.html')).toEqual({ kind: 'refused', status: 404 });
    expect(routeAppUrl('not a url')).toEqual({ kind: 'refused', status: 400 });
  });

  it('knows the app origin', () => {
    expect(isAppUrl('studio://app/index.html')).toBe(true);
    expect(isAppUrl('studio://app.evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('createAppProtocolHandler', () => {
  const root = tempDir('pose-studio-protocol-');
  const rendererDir = join(root, 'renderer');
  const mediaDir = join(root, 'media');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(join(mediaDir, 'ab'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'a.js'), 'export {}');
  writeFileSync(join(mediaDir, 'ab', 'cd.png'), 'png');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const resolveMedia = (path: string) => (path.includes('..') ? null : join(mediaDir, path));
  const handle = createAppProtocolHandler({ rendererDir, resolveMedia });
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves the page with the CSP and the right content type', async () => {
    const response = await get('studio://app/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>app</title>');
  });

  it('serves assets and media', async () => {
    expect((await get('studio://app/assets/a.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    const media = await get('studio://app/media/ab/cd.png');
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(await media.text()).toBe('png');
  });

  it('falls back to index.html for client routes, 404 for missing files', async () => {
    expect(await (await get('studio://app/poses')).text()).toContain('<title>app</title>');
    expect((await get('studio://app/assets/missing.js')).status).toBe(404);
    expect((await get('studio://app/media/ab/missing.png')).status).toBe(404);
  });

  it('never serves files outside its roots', async () => {
    for (const url of ['studio://app/..%2fsecret.txt', 'studio://app/media/..%2f..%2fsecret.txt']) {
      const response = await get(url);
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain('secret');
    }
    expect((await get('studio://app/../secret.txt')).status).toBe(404);
  });

  it('answers GET and HEAD only', async () => {
    expect((await get('studio://app/index.html', 'HEAD')).status).toBe(200);
    expect((await get('studio://app/index.html', 'POST')).status).toBe(405);
  });
});
