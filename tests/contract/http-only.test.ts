/**
 * What only server mode has, against the real studio: the token on every door, the browser's
 * import path (upload, then import by upload id), export downloads, media paths that cannot
 * climb out of the project's media folder, and the Host-header guard.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient } from '../../src-main/contract';
import { createStudio } from '../../src-main/core/studio';
import { startServer } from '../../src-main/server/http';
import { authHeaders, createHttpClient, splitServerUrl } from '../helpers/transportsHttp';
import { poseFixture, tempDir } from '../helpers/paths';

const FIXTURE = poseFixture('coco/mmpose_test_coco.json');
const projectDir = join(tempDir('pose-studio-http-only-'), 'project');
const studio = await createStudio({ transport: 'http', projectDir, create: true, validateOutput: true });
const server = await startServer({ studio, token: 'http-only-token', rendererDir: null });
const http = createHttpClient(server.url);
const client = createClient(http.transport);
const { origin, token } = splitServerUrl(server.url);
afterAll(async () => {
  await http.close();
  await server.close();
  await studio.close();
});

function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolveRaw, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveRaw({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('token', () => {
  it('refuses calls, downloads, media and events without it', async () => {
    const call = await fetch(`${origin}/api/rpc/app.info`, { method: 'POST', body: '{}' });
    expect(call.status).toBe(401);
    expect(await call.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await fetch(`${origin}/api/exports/x.json`)).status).toBe(401);
    expect((await fetch(`${origin}/media/x.png`)).status).toBe(401);
    const status = await new Promise<number>((resolveStatus) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
      socket.on('unexpected-response', (_req, res) => resolveStatus(res.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });
});

describe('upload, import and download', () => {
  let exportName = '';

  it('imports a file the browser uploaded', async () => {
    const upload = await fetch(`${origin}/api/upload?name=${encodeURIComponent('my poses.json')}`, {
      method: 'PUT',
      headers: authHeaders(token),
      body: readFileSync(FIXTURE),
    });
    expect(upload.status).toBe(200);
    const answer = (await upload.json()) as { ok: true; value: { uploadId: string; bytes: number } };
    expect(answer.value.bytes).toBe(readFileSync(FIXTURE).length);
    const report = await client.call('poses.import', {
      source: { kind: 'upload', uploadId: answer.value.uploadId, fileName: 'my poses.json' },
    });
    expect(report).toMatchObject({ imported: 12, skipped: { 'no-keypoints': 2 } });
    expect(report.files[0]?.file).toBe('my poses.json');
  });

  it('refuses an import of an unknown upload id', async () => {
    const result = await http.transport.call('poses.import', {
      source: { kind: 'upload', uploadId: 'f'.repeat(32), fileName: 'x.json' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('downloads an export as an attachment holding every pose', async () => {
    const exported = await client.call('poses.export', { format: 'coco' });
    exportName = exported.name;
    const response = await fetch(`${origin}/api/exports/${encodeURIComponent(exportName)}?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    const coco = (await response.json()) as { annotations: unknown[] };
    expect(coco.annotations).toHaveLength(12);
    expect(Number(response.headers.get('content-length'))).toBe(exported.bytes);
  });

  it('answers a missing export with a NOT_FOUND envelope', async () => {
    const response = await fetch(`${origin}/api/exports/nothing.json`, { headers: authHeaders(token) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('media paths', () => {
  it.each([
    '/media/../studio.sqlite',
    '/media/..%2fstudio.sqlite',
    '/media/%2e%2e%2fstudio.sqlite',
    '/media/x%5c..%5c..%5cstudio.sqlite',
    `/media/${encodeURIComponent(join(projectDir, 'studio.sqlite'))}`,
    '/media//etc/passwd',
    '/api/exports/..%2fstudio.sqlite',
  ])('never leave the project media folder: %s', async (path) => {
    const response = await rawGet(path, authHeaders(token));
    // A bare `..` is folded by URL parsing into a renderer path (503 here: no renderer built).
    expect([400, 404, 503]).toContain(response.status);
    expect(response.body).not.toContain('SQLite format');
  });
});

describe('Host header', () => {
  it('refuses a rebinding host name even with the token', async () => {
    const response = await rawGet(`/api/exports/x.json?token=${token}`, { Host: 'attacker.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});
