/**
 * @file The event stream of server mode: `GET /api/events` upgraded to a WebSocket that carries
 * every studio hub event as JSON `{event, payload}`. Owns the socket set, the heartbeat that drops
 * dead peers, and backpressure: a slow client skips progress updates it would only read late
 * anyway, but never a terminal job state or a catalog change (it would show stale data forever).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub, EventName } from '../contract';

export type EventSocketOptions = {
  hub: EventHub;
  /** Ping interval; a socket that missed the previous pong is terminated. */
  heartbeatMs?: number;
  /** Above this many queued bytes, skippable events are dropped for that socket. */
  softLimitBytes?: number;
  /** Above this many queued bytes the socket is closed; the client reconnects and refetches. */
  hardLimitBytes?: number;
};

export type EventSocketServer = {
  /** Complete an upgrade that the HTTP layer has already authorized. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly clientCount: number;
  close(): Promise<void>;
};

const TERMINAL_JOB_STATES = new Set(['done', 'failed', 'cancelled']);

/** Events a lagging client must still get: terminal job states and catalog changes. */
export function isEssential(event: EventName, payload: unknown): boolean {
  if (event !== 'jobs.progress') return true;
  const state = (payload as { state?: unknown } | null)?.state;
  return typeof state === 'string' && TERMINAL_JOB_STATES.has(state);
}

/** The part of a ws socket the fan-out touches, so backpressure is testable with plain objects. */
export type SocketSink = {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  terminate(): void;
};

export type Limits = { softLimit: number; hardLimit: number };

/** Send one serialized event to every open socket, honouring each socket's backlog. */
export function fanOut(sockets: Iterable<SocketSink>, message: string, essential: boolean, limits: Limits) {
  for (const socket of sockets) {
    if (socket.readyState !== socket.OPEN) continue;
    if (socket.bufferedAmount > limits.hardLimit) {
      socket.terminate();
      continue;
    }
    if (socket.bufferedAmount > limits.softLimit && !essential) continue;
    socket.send(message);
  }
}

export function createEventSocketServer(options: EventSocketOptions): EventSocketServer {
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const limits: Limits = {
    softLimit: options.softLimitBytes ?? 1024 * 1024,
    hardLimit: options.hardLimitBytes ?? 16 * 1024 * 1024,
  };
  // Clients only listen; a small payload cap keeps a misbehaving one from sending megabytes.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, clientTracking: true });
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('message', () => undefined);
    // An abrupt disconnect surfaces as an error event; ws closes the socket itself.
    socket.on('error', () => undefined);
  });

  const unsubscribe = options.hub.subscribe((event, payload) => {
    if (wss.clients.size === 0) return;
    // Serialized once for every client.
    fanOut(wss.clients, JSON.stringify({ event, payload }), isEssential(event, payload), limits);
  });

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatMs);
  // The heartbeat must not keep a CLI process alive on its own.
  heartbeat.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    get clientCount() {
      return wss.clients.size;
    },
    close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.terminate();
      return new Promise((resolveClose) => wss.close(() => resolveClose()));
    },
  };
}
