/**
 * @file Server mode: the studio over HTTP + WebSocket (node:http + ws), thin over the contract.
 * Owns the listening server, the routes and the order of the guards:
 *   Host check (every request) → token (every /api and /media request) → same-origin (writes).
 * Routes: POST /api/rpc/<method> (JSON in, result envelope out), PUT /api/upload?name=…,
 * GET /api/exports/<name>, GET /media/<path>, GET /api/events (WebSocket, see ws.ts), and the
 * built renderer for everything else, without a token because it holds no data.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type { Studio } from '../core/studio';
import { HttpError, readJsonBody, sendEnvelope, sendError, sendThrown } from './envelope';
import { attachmentDisposition, safeRelativePath, sendFile, serveRenderer } from './files';
import {
  applySecurityHeaders,
  hostAllowed,
  isAuthorized,
  originAllowed,
  urlHost,
  type HostPolicy,
} from './security';
import { createEventSocketServer, type EventSocketServer } from './ws';

export { createToken } from './security';

export type ServerOptions = {
  studio: Studio;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required on every /api and /media request when set; null only with --insecure-no-token. */
  token: string | null;
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
  /** WebSocket heartbeat; tests shorten it. */
  heartbeatMs?: number;
};

export type RunningServer = {
  /** Address to open in a browser, with `?token=` when a token is set. */
  url: string;
  port: number;
  close(): Promise<void>;
};

type Context = {
  studio: Studio;
  token: string | null;
  rendererDir: string | null;
  policy: HostPolicy;
  events: EventSocketServer;
};

/** After an early answer, read and drop what is left of the body (up to a cap) so the client sees it. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

function discardRest(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.destroyed) return;
  if (!res.headersSent) res.setHeader('Connection', 'close');
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_CAP_BYTES) req.destroy();
  });
  req.resume();
}

function decodeOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://studio.invalid');
  } catch {
    return null;
  }
}

async function handleRpc(ctx: Context, req: IncomingMessage, res: ServerResponse, method: string) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 'INVALID_INPUT', `${method}: calls are POST requests with a JSON body`, 405);
  }
  const input = await readJsonBody(req);
  const result = await ctx.studio.dispatch(method, input, { transport: 'http' });
  sendEnvelope(res, result);
}

async function handleUpload(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL) {
  if (req.method !== 'PUT') {
    res.setHeader('Allow', 'PUT');
    return sendError(res, 'INVALID_INPUT', 'uploads are PUT requests with the file as the body', 405);
  }
  const name = url.searchParams.get('name');
  if (name === null || name.trim().length === 0) {
    return sendError(res, 'INVALID_INPUT', 'name: an upload needs ?name=<file name>');
  }
  // The studio may destroy the stream it gets (size limit, disk error); handing it a pass-through
  // keeps the request itself alive, so the client still receives the error envelope.
  const body = new PassThrough();
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('the client closed the connection during the upload'));
  });
  req.pipe(body);
  try {
    sendEnvelope(res, { ok: true, value: await ctx.studio.saveUpload(body, name) });
  } catch (error) {
    req.unpipe(body);
    throw error;
  }
}

async function handleExport(ctx: Context, req: IncomingMessage, res: ServerResponse, rawName: string) {
  const name = safeRelativePath(rawName);
  if (name === null || name.includes('/')) {
    return sendError(res, 'INVALID_INPUT', 'name: not a valid export file name', 400);
  }
  const path = ctx.studio.resolveExport(name);
  const headers = { 'Content-Disposition': attachmentDisposition(name), 'Cache-Control': 'no-store' };
  if (path === null || !(await sendFile(req, res, path, headers))) {
    sendError(res, 'NOT_FOUND', `no export named ${name}`, undefined, { name });
  }
}

async function handleMedia(ctx: Context, req: IncomingMessage, res: ServerResponse, rawPath: string) {
  const relativePath = safeRelativePath(rawPath);
  if (relativePath === null) return sendError(res, 'INVALID_INPUT', 'path: not a valid media path');
  const path = ctx.studio.resolveMedia(relativePath);
  // Media files are content-addressed: a name never changes its bytes.
  const headers = { 'Cache-Control': 'private, max-age=31536000, immutable' };
  if (path === null || !(await sendFile(req, res, path, headers))) {
    sendError(res, 'NOT_FOUND', `no media file ${relativePath}`);
  }
}

async function routeApi(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname;
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  if (path.startsWith('/api/rpc/')) return handleRpc(ctx, req, res, decodeOrRaw(path.slice(9)));
  if (path === '/api/upload') return handleUpload(ctx, req, res, url);
  if (path.startsWith('/api/exports/') && isRead) return handleExport(ctx, req, res, path.slice(13));
  if (path.startsWith('/media/') && isRead) return handleMedia(ctx, req, res, path.slice(7));
  if (path === '/api/events') {
    return sendError(res, 'INVALID_INPUT', '/api/events is a WebSocket: send an upgrade request', 426);
  }
  sendError(res, 'NOT_FOUND', `no route ${req.method ?? ''} ${path}`);
}

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/media/');
}

async function handleRequest(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  applySecurityHeaders(res);
  const url = requestUrl(req);
  if (url === null) return sendError(res, 'INVALID_INPUT', 'malformed request address', 400);
  if (!hostAllowed(ctx.policy, req.headers.host)) {
    return sendError(res, 'UNAUTHORIZED', `host "${req.headers.host ?? ''}" is not this server`, 403);
  }
  if (!isApiPath(url.pathname)) return serveRenderer(req, res, ctx.rendererDir, url.pathname);
  if (!isAuthorized(ctx.token, req.headers, url)) {
    return sendError(
      res,
      'UNAUTHORIZED',
      'missing or wrong access token (use the address the server printed)',
    );
  }
  const isRead = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  if (!isRead && !originAllowed(req.headers.origin, req.headers.host)) {
    return sendError(res, 'UNAUTHORIZED', 'cross-origin requests are not allowed', 403);
  }
  return routeApi(ctx, req, res, url);
}

function onRequest(ctx: Context, req: IncomingMessage, res: ServerResponse): void {
  handleRequest(ctx, req, res)
    .catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      discardRest(req, res);
      if (error instanceof HttpError) return sendError(res, error.code, error.message, error.status);
      sendThrown(res, error);
    })
    .finally(() => discardRest(req, res));
}

const UPGRADE_REFUSALS = {
  401: { reason: 'Unauthorized', code: 'UNAUTHORIZED' },
  403: { reason: 'Forbidden', code: 'UNAUTHORIZED' },
  404: { reason: 'Not Found', code: 'NOT_FOUND' },
} as const;

/** Answer a refused upgrade on the raw socket: there is no ServerResponse before the handshake. */
function rejectUpgrade(socket: Duplex, status: keyof typeof UPGRADE_REFUSALS, message: string): void {
  const { reason, code } = UPGRADE_REFUSALS[status];
  const body = JSON.stringify({ ok: false, error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

function onUpgrade(ctx: Context, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => undefined);
  const url = requestUrl(req);
  if (url === null || url.pathname !== '/api/events') {
    return rejectUpgrade(socket, 404, 'the only WebSocket is /api/events');
  }
  if (!hostAllowed(ctx.policy, req.headers.host) || !originAllowed(req.headers.origin, req.headers.host)) {
    return rejectUpgrade(socket, 403, 'cross-origin or foreign-host WebSocket refused');
  }
  if (!isAuthorized(ctx.token, req.headers, url)) {
    return rejectUpgrade(socket, 401, 'missing or wrong access token');
  }
  ctx.events.handleUpgrade(req, socket, head);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

/** The address a person opens: a wildcard bind is reached through loopback on this machine. */
function publicUrl(host: string, port: number, token: string | null): string {
  const shown = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const query = token === null ? '' : `?token=${token}`;
  return `http://${urlHost(shown)}:${port}/${query}`;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const events = createEventSocketServer({ hub: options.studio.hub, heartbeatMs: options.heartbeatMs });
  const ctx: Context = {
    studio: options.studio,
    token: options.token,
    rendererDir: options.rendererDir,
    policy: { boundHost: host, port: 0, tokenRequired: options.token !== null },
    events,
  };
  const server = createServer((req, res) => onRequest(ctx, req, res));
  // Uploads of large pose files may take longer than Node's default 5-minute request limit;
  // the 60 s header timeout still stops slow-loris clients.
  server.requestTimeout = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    onUpgrade(ctx, req, socket, head),
  );
  const port = await listen(server, options.port ?? 0, host).catch(async (error: unknown) => {
    await events.close();
    throw error;
  });
  ctx.policy = { ...ctx.policy, port };
  return {
    url: publicUrl(host, port, options.token),
    port,
    async close() {
      await events.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
