/**
 * @file The `window.studio` bridge the preload exposes: `invoke` on RPC_CHANNEL and `subscribe`
 * on EVENT_CHANNEL, nothing else, so the page never gets ipcRenderer itself. Takes the
 * ipcRenderer as an argument so tests drive it with an in-process double. Imports only the
 * contract's bridge file (constants + types), which keeps zod out of the sandboxed preload.
 */
import { EVENT_CHANNEL, RPC_CHANNEL, type EventMessage, type StudioBridge } from '../../contract/bridge';
import type { Result } from '../../contract/rpc';

/** The part of Electron's ipcRenderer the bridge uses. */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: EventMessage) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: EventMessage) => void): unknown;
};

export function createBridge(ipcRenderer: IpcRendererLike): StudioBridge {
  return Object.freeze({
    platform: 'electron' as const,
    // The main side always answers with a Result envelope (see electron/ipc.ts).
    invoke: (method, input) => ipcRenderer.invoke(RPC_CHANNEL, method, input) as Promise<Result<unknown>>,
    subscribe(listener) {
      const onEvent = (_event: unknown, message: EventMessage) => listener(message.event, message.payload);
      ipcRenderer.on(EVENT_CHANNEL, onEvent);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
      };
    },
  } satisfies StudioBridge);
}
