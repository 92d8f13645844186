/**
 * @file Transport picking at boot: `window.studio` (the Electron preload) means IPC; otherwise the
 * page was served by `pose-studio serve` and talks HTTP + WebSocket to its own origin with the
 * token from the address. Returns the typed contract client plus what the UI needs to know about
 * the transport (file uploads and download links exist in server mode only; media addresses differ).
 */
import { createClient, type StudioBridge, type StudioClient } from '../../src-main/contract';
import { createIpcTransport } from './transports/ipc';
import {
  createHttpTransport,
  type ConnectionState,
  type HttpTransport,
  type SocketLike,
} from './transports/httpTransport';
import { createHttpFiles, type FileAccess } from './transports/httpFiles';
import { httpMediaUrl, ipcMediaUrl, type MediaUrl } from './media';
import { takeToken } from './token';

export type BootWindow = {
  studio?: StudioBridge;
  location: { href: string; origin: string };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: { replaceState(data: unknown, unused: string, url: string): void };
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  WebSocket: new (url: string) => SocketLike;
};

export type TransportChoice =
  { kind: 'ipc'; bridge: StudioBridge } | { kind: 'http'; baseUrl: string; token: string | null };

export type Connection = {
  mode: 'ipc' | 'http';
  client: StudioClient;
  /** Upload and download helpers; null under IPC, where the studio reads and writes paths itself. */
  files: FileAccess | null;
  /** Address of a project media file (a path relative to media/) for an <img>. */
  mediaUrl: MediaUrl;
  /** Live state of the event stream (always `open` under IPC). */
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
};

export function pickTransport(win: BootWindow): TransportChoice {
  if (win.studio !== undefined && typeof win.studio.invoke === 'function') {
    return { kind: 'ipc', bridge: win.studio };
  }
  const token = takeToken({
    href: win.location.href,
    storage: win.sessionStorage,
    replaceUrl: (url) => win.history.replaceState(null, '', url),
  });
  return { kind: 'http', baseUrl: win.location.origin, token };
}

export function connect(win: BootWindow): Connection {
  const choice = pickTransport(win);
  if (choice.kind === 'ipc') {
    return {
      mode: 'ipc',
      client: createClient(createIpcTransport(choice.bridge)),
      files: null,
      mediaUrl: ipcMediaUrl,
      connection: () => 'open',
      onConnection: () => () => undefined,
    };
  }
  const transport: HttpTransport = createHttpTransport({
    baseUrl: choice.baseUrl,
    token: choice.token,
    fetch: (url, init) => win.fetch(url, init),
    createSocket: (url) => new win.WebSocket(url),
  });
  return {
    mode: 'http',
    client: createClient(transport),
    files: createHttpFiles(choice.baseUrl, choice.token),
    mediaUrl: (path) => httpMediaUrl(choice.baseUrl, choice.token, path),
    connection: () => transport.connection,
    onConnection: (listener) => transport.onConnection(listener),
  };
}
