/**
 * @file The HTTP + WebSocket transport (server mode): calls are `POST /api/rpc/<method>` with a
 * bearer token and always answer with the result envelope; events arrive on one WebSocket at
 * `/api/events`, which reconnects with backoff. After a reconnect, listeners get a synthetic
 * `catalog.changed` (entity `project`) because events may have been missed while offline.
 * Browser APIs (fetch, WebSocket, timers) are injected so this runs under Node tests.
 */
import {
  ResultSchema,
  isEventName,
  type ClientTransport,
  type EventListener,
  type MethodName,
  type Result,
} from '../../../src-main/contract';
import { reconnectDelay } from '../backoff';

export type SocketLike = {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
};

export type ConnectionState = 'connecting' | 'open' | 'closed';

export type HttpTransportOptions = {
  /** Origin of the studio server, e.g. `http://127.0.0.1:5123`. */
  baseUrl: string;
  token: string | null;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  createSocket: (url: string) => SocketLike;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

export type HttpTransport = ClientTransport & {
  readonly connection: ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
};

function failure(code: 'IO_ERROR' | 'UNAUTHORIZED' | 'INTERNAL', message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

async function postCall(options: HttpTransportOptions, method: MethodName, input: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl}/api/rpc/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure('IO_ERROR', `cannot reach the studio server (${reason})`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ResultSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const code = response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL';
  return failure(code, `${method}: HTTP ${response.status} without a result envelope`);
}

/** `ws://host/api/events?token=…` from the page's http(s) origin. */
export function eventsUrl(baseUrl: string, token: string | null): string {
  const url = new URL('/api/events', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token !== null) url.searchParams.set('token', token);
  return url.toString();
}

function parseMessage(data: unknown): { event: string; payload: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const message: unknown = JSON.parse(data);
    if (typeof message !== 'object' || message === null || !('event' in message)) return null;
    const { event, payload } = message as { event: unknown; payload?: unknown };
    return typeof event === 'string' ? { event, payload } : null;
  } catch {
    return null;
  }
}

/** The event WebSocket: reconnects with backoff until closed; fans events and state out. */
class EventStream {
  readonly #options: HttpTransportOptions;
  readonly #listeners = new Set<EventListener>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState = 'connecting';
  #socket: SocketLike | null = null;
  #attempt = 0;
  #everOpened = false;
  #timer: unknown = null;
  #closed = false;

  constructor(options: HttpTransportOptions) {
    this.#options = options;
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) {
      const clear =
        this.#options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
      clear(this.#timer);
    }
    this.#socket?.close();
    this.#socket = null;
    this.#setState('closed');
  }

  #setState(next: ConnectionState): void {
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of this.#stateListeners) listener(next);
  }

  #emit: EventListener = (event, payload) => {
    for (const listener of this.#listeners) listener(event, payload);
  };

  #connect = (): void => {
    this.#timer = null;
    this.#setState('connecting');
    const socket = this.#options.createSocket(eventsUrl(this.#options.baseUrl, this.#options.token));
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setState('open');
      if (this.#everOpened) this.#emit('catalog.changed', { entity: 'project', reason: 'reconnected' });
      this.#everOpened = true;
    };
    socket.onmessage = ({ data }) => {
      const message = parseMessage(data);
      if (message !== null && isEventName(message.event)) this.#emit(message.event, message.payload);
    };
    socket.onerror = () => undefined;
    socket.onclose = () => this.#lost(socket);
  };

  #lost(socket: SocketLike): void {
    if (this.#socket !== socket || this.#closed) return;
    this.#socket = null;
    this.#setState('closed');
    const setTimer = this.#options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#timer = setTimer(this.#connect, reconnectDelay(this.#attempt));
    this.#attempt += 1;
  }
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const stream = new EventStream(options);
  return {
    get connection() {
      return stream.state;
    },
    call: (method, input) => postCall(options, method, input),
    subscribe: (listener) => stream.subscribe(listener),
    onConnection: (listener) => stream.onState(listener),
    close: () => stream.close(),
  };
}
