/**
 * @file An in-process double of Electron IPC: a fake ipcMain (handle/removeHandler), fake windows
 * whose webContents.send reaches their fake ipcRenderer, and ipcRenderer.invoke calling the
 * registered handler the way Electron does (arguments and answers structured-cloned, a throwing
 * handler rejects the invoke, the sender frame's URL is the window's). The real preload bridge
 * and the real `bindIpc` run on top of it.
 */
import type { ClientTransport, EventMessage } from '../../src-main/contract';
import {
  bindIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type WebContentsLike,
} from '../../src-main/electron/ipc';
import { APP_START_URL } from '../../src-main/electron/mediaProtocol';
import { createBridge, type IpcRendererLike } from '../../src-main/electron/preload/bridge';
import type { Studio } from '../../src-main/core/studio';

type MainListener = (event: InvokeEventLike, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, message: EventMessage) => void;

export type FakeWindow = {
  url: string;
  destroyed: boolean;
  readonly webContents: WebContentsLike;
  readonly ipcRenderer: IpcRendererLike;
  /** Messages this window received, by channel. */
  readonly received: { channel: string; message: unknown }[];
};

export type FakeIpc = {
  readonly ipcMain: IpcMainLike & { readonly handlers: Map<string, MainListener> };
  readonly windows: FakeWindow[];
  openWindow(url?: string): FakeWindow;
};

function createRenderer(
  ipc: FakeIpc,
  window: () => FakeWindow,
  listeners: Map<string, Set<RendererListener>>,
) {
  const renderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = ipc.ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event: InvokeEventLike = { senderFrame: { url: window().url } };
      try {
        return structuredClone(await handler(event, ...structuredClone(args)));
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
      }
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<RendererListener>();
      set.add(listener);
      listeners.set(channel, set);
      return renderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return renderer;
    },
  };
  return renderer;
}

export function createFakeIpc(): FakeIpc {
  const handlers = new Map<string, MainListener>();
  const ipc: FakeIpc = {
    ipcMain: {
      handlers,
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => void handlers.delete(channel),
    },
    windows: [],
    openWindow(url = APP_START_URL) {
      const listeners = new Map<string, Set<RendererListener>>();
      const received: FakeWindow['received'] = [];
      const window: FakeWindow = {
        url,
        destroyed: false,
        received,
        webContents: {
          send(channel, ...args) {
            const [message] = structuredClone(args) as [EventMessage];
            received.push({ channel, message });
            for (const listener of listeners.get(channel) ?? []) listener({}, message);
          },
          isDestroyed: () => window.destroyed,
          getURL: () => window.url,
        },
        ipcRenderer: createRenderer(ipc, () => window, listeners),
      };
      ipc.windows.push(window);
      return window;
    },
  };
  return ipc;
}

export type IpcClient = { transport: ClientTransport; ipc: FakeIpc; window: FakeWindow; unbind: () => void };

/** The studio bound with the real `bindIpc`, called through the real preload bridge. */
export function createIpcClient(studio: Pick<Studio, 'dispatch' | 'hub'>): IpcClient {
  const ipc = createFakeIpc();
  const unbind = bindIpc(studio, ipc.ipcMain, () => ipc.windows.map((window) => window.webContents));
  const window = ipc.openWindow();
  const bridge = createBridge(window.ipcRenderer);
  return {
    transport: { call: (method, input) => bridge.invoke(method, input), subscribe: bridge.subscribe },
    ipc,
    window,
    unbind,
  };
}
