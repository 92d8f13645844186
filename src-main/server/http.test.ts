/**
 * The HTTP shell over a fake studio: envelopes and status codes, token, Host and Origin guards,
 * security headers, body limits, uploads, export downloads, media paths and the static renderer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './http';
import { CONTENT_SECURITY_POLICY } from './security';
import { createFakeStudio } from '../../tests/helpers/transportsFake';
import { authHeaders, splitServerUrl } from '../../tests/helpers/transportsHttp';
import { tempDir } from '../../tests/helpers/paths';

const root = tempDir('pose-studio-http-');
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
const studio = createFakeStudio(join(root, 'studio'));
const server = await startServer({ studio, token: 'secret-token', rendererDir });
afterAll(() => server.close());
const { origin, token } = splitServerUrl(server.url);
const auth = authHeaders(token);

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** node:http request, for what fetch forbids (a foreign Host header, a raw path with `..`). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolveRaw, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveRaw({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function rpc(method: string, body: string, headers: Record<string, string> = auth) {
  return fetch(`${origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

describe('startServer', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('dispatches POST /api/rpc/<method> with transport http and answers the envelope', async () => {
    const response = await rpc('app.info', '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { transport: 'http' } });
    expect(studio.calls.at(-1)).toEqual({ method: 'app.info', transport: 'http' });
  });

  it('treats an empty body as {}', async () => {
    expect((await rpc('app.info', '')).status).toBe(200);
  });

  it.each([
    ['poses.get', '{"id":7}', 404, 'NOT_FOUND'],
    ['poses.get', '{"id":"x"}', 400, 'INVALID_INPUT'],
    ['nope.nothing', '{}', 404, 'UNKNOWN_METHOD'],
    ['jobs.cancel', '{"id":1}', 409, 'BUSY'],
    ['poses.list', '{}', 500, 'INTERNAL'],
    ['app.info', '{not json', 400, 'INVALID_INPUT'],
  ])('%s %s → HTTP %i %s', async (method, body, status, code) => {
    const response = await rpc(method, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses a JSON body over 8 MB with 413 and an envelope', async () => {
    const big = JSON.stringify({ ids: Array.from({ length: 1_300_000 }, (_, i) => i + 1) });
    expect(big.length).toBeGreaterThan(8 * 1024 * 1024);
    const response = await rpc('poses.delete', big);
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(answer.error.message).toMatch(/larger than 8 MB/);
  });

  it('answers 405 for a GET on an rpc route', async () => {
    const response = await fetch(`${origin}/api/rpc/app.info`, { headers: auth });
    expect(response.status).toBe(405);
  });

  it('answers unknown api routes with a NOT_FOUND envelope', async () => {
    const response = await fetch(`${origin}/api/nothing`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('token', () => {
  it.each([
    ['no token', {}, ''],
    ['a wrong bearer token', { Authorization: 'Bearer nope' }, ''],
    ['a wrong query token', {}, '?token=nope'],
    ['a prefix of the token', {}, '?token=secret'],
  ])('refuses %s with 401 UNAUTHORIZED', async (_label, headers, query) => {
    const response = await fetch(`${origin}/api/rpc/app.info${query}`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('accepts the token in the query', async () => {
    const response = await fetch(`${origin}/api/rpc/app.info?token=${token}`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
  });

  it('guards /media and /api/exports too', async () => {
    expect((await fetch(`${origin}/media/ab/cd.png`)).status).toBe(401);
    expect((await fetch(`${origin}/api/exports/poses-coco.json`)).status).toBe(401);
  });

  it('serves the renderer without a token', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>studio</title>');
  });
});

describe('guards and headers', () => {
  it('sets the security headers on every response', async () => {
    for (const response of [
      await fetch(`${origin}/`),
      await rpc('app.info', '{}'),
      await rpc('app.info', '', {}),
    ]) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const response = await raw(`/api/rpc/app.info?token=${token}`, { Host: 'evil.example' }, 'POST');
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await raw('/', { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await raw('/', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a cross-origin POST but accepts a same-origin one', async () => {
    const foreign = await rpc('app.info', '{}', { ...auth, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const same = await rpc('app.info', '{}', { ...auth, Origin: origin });
    expect(same.status).toBe(200);
  });
});

describe('uploads', () => {
  it('streams PUT /api/upload into studio.saveUpload and answers {uploadId, bytes}', async () => {
    const response = await fetch(`${origin}/api/upload?name=poses.json`, {
      method: 'PUT',
      headers: auth,
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { ok: true; value: { uploadId: string; bytes: number } };
    expect(answer.value.bytes).toBe(17);
    expect(studio.uploads.get(answer.value.uploadId)?.toString()).toBe('{"hello":"world"}');
  });

  it('needs a name, and passes studio errors through as envelopes', async () => {
    const nameless = await fetch(`${origin}/api/upload`, { method: 'PUT', headers: auth, body: 'x' });
    expect(nameless.status).toBe(400);
    const refused = await fetch(`${origin}/api/upload?name=refuse.json`, {
      method: 'PUT',
      headers: auth,
      body: 'x'.repeat(200_000),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
  });
});

describe('exports and media', () => {
  it('downloads an export as an attachment', async () => {
    const response = await fetch(`${origin}/api/exports/poses-coco.json?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="poses-coco.json"/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"annotations":[]}');
  });

  it('answers a missing export with a NOT_FOUND envelope', async () => {
    const response = await fetch(`${origin}/api/exports/missing.json`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serves media with its content type', async () => {
    const response = await fetch(`${origin}/media/ab/cd.png`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });

  it.each([
    '/media/../secret.txt',
    '/media/ab/../../secret.txt',
    '/media/%2e%2e/secret.txt',
    '/media/ab%2f..%2f..%2fsecret.txt',
    '/media/..%5csecret.txt',
    '/media/%2Fetc%2Fpasswd',
    '/media//etc/passwd',
    '/media/ab/%00cd.png',
    '/api/exports/..%2fsecret.txt',
  ])('refuses traversal %s', async (path) => {
    const response = await raw(path, auth);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside media');
  });
});

describe('static renderer', () => {
  it('serves assets with content types and long caching', async () => {
    const response = await fetch(`${origin}/assets/index-abc.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for client routes, not for missing assets', async () => {
    const route = await fetch(`${origin}/poses/library`);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it('answers a missing favicon with 204', async () => {
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(204);
  });

  it.each([
    '/%2e%2e/studio/secret.txt',
    '/..%2fstudio%2fsecret.txt',
    '/assets/..%5c..%5cstudio%5csecret.txt',
  ])('never serves a file outside the renderer folder: %s', async (path) => {
    const response = await raw(path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside media');
  });
});

describe('listening', () => {
  it('rejects when the port is taken', async () => {
    await expect(startServer({ studio, token: null, rendererDir: null, port: server.port })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});

describe('without a renderer or a token', () => {
  it('serves the API with no token and explains the missing renderer', async () => {
    const open = await startServer({ studio, token: null, rendererDir: null });
    try {
      expect(open.url).toBe(`http://127.0.0.1:${open.port}/`);
      const base = splitServerUrl(open.url).origin;
      expect((await fetch(`${base}/api/rpc/app.info`, { method: 'POST', body: '{}' })).status).toBe(200);
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/not built/);
    } finally {
      await open.close();
    }
  });
});
