/**
 * @file A small Node client of server mode for tests: the contract's `ClientTransport` over
 * fetch (POST /api/rpc/<method>) and one WebSocket on /api/events (the `ws` client, since Node 20
 * has no global WebSocket), plus raw helpers for the HTTP-only routes.
 */
import { WebSocket } from 'ws';
import { ResultSchema, isEventName, type ClientTransport, type EventListener } from '../../src-main/contract';

export type HttpClient = {
  transport: ClientTransport;
  /** Resolves once the event socket is open, so no event emitted afterwards can be missed. */
  ready: Promise<void>;
  close(): Promise<void>;
};

export function authHeaders(token: string | null): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}

/** The origin and token of a `startServer` URL (`http://127.0.0.1:PORT/?token=…`). */
export function splitServerUrl(url: string): { origin: string; token: string | null } {
  const parsed = new URL(url);
  return { origin: parsed.origin, token: parsed.searchParams.get('token') };
}

function openEvents(origin: string, token: string | null, listeners: Set<EventListener>) {
  const address = new URL('/api/events', origin);
  address.protocol = 'ws:';
  if (token !== null) address.searchParams.set('token', token);
  const socket = new WebSocket(address);
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { event: string; payload: unknown };
    if (!isEventName(message.event)) return;
    for (const listener of listeners) listener(message.event, message.payload);
  });
  const ready = new Promise<void>((resolveOpen, reject) => {
    socket.once('open', () => resolveOpen());
    socket.once('error', reject);
  });
  return { socket, ready };
}

export function createHttpClient(serverUrl: string): HttpClient {
  const { origin, token } = splitServerUrl(serverUrl);
  const listeners = new Set<EventListener>();
  const { socket, ready } = openEvents(origin, token, listeners);
  const transport: ClientTransport = {
    async call(method, input) {
      const response = await fetch(`${origin}/api/rpc/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders(token) },
        body: JSON.stringify(input ?? {}),
      });
      const parsed = ResultSchema.parse(await response.json());
      // The status must agree with the envelope; a mismatch is a server bug worth failing on.
      if (parsed.ok !== (response.status === 200)) {
        throw new Error(`${method}: HTTP ${response.status} with ok=${String(parsed.ok)}`);
      }
      return parsed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    transport,
    ready,
    close: () =>
      new Promise<void>((resolveClose) => {
        if (socket.readyState === socket.CLOSED) return resolveClose();
        socket.once('close', () => resolveClose());
        socket.terminate();
      }),
  };
}
