/**
 * @file The contract over Electron IPC: exactly two channels. RPC_CHANNEL is one
 * `ipcMain.handle` that checks the calling frame belongs to the app and hands the call to
 * `studio.dispatch`; EVENT_CHANNEL carries every hub event to the app's windows. Written against
 * small structural types instead of Electron's classes so tests bind it to in-process doubles.
 */
import { EVENT_CHANNEL, RPC_CHANNEL, type EventMessage, type Result } from '../contract';
import type { Studio } from '../core/studio';
import { isAppUrl } from './mediaProtocol';

/** What the handler reads from Electron's `IpcMainInvokeEvent`. */
export type InvokeEventLike = { readonly senderFrame: { readonly url: string } | null };

export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
};

export type WebContentsLike = {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
};

export type IpcBindingOptions = {
  /** Which page URLs may call; default: the app's own `studio://app/` origin. */
  isTrustedUrl?: (url: string) => boolean;
};

function refusal(message: string): Result<unknown> {
  return { ok: false, error: { code: 'UNAUTHORIZED', message } };
}

/**
 * Bind the studio to IPC; returns the unbind function. A call from any frame that is not the
 * app's page (a navigated-away window, an iframe of another origin) is refused before it
 * reaches the studio, and events go only to windows that show the app.
 */
export function bindIpc(
  studio: Pick<Studio, 'dispatch' | 'hub'>,
  ipcMain: IpcMainLike,
  getWebContents: () => Iterable<WebContentsLike>,
  options: IpcBindingOptions = {},
): () => void {
  const isTrusted = options.isTrustedUrl ?? isAppUrl;
  ipcMain.handle(RPC_CHANNEL, async (event, method, input): Promise<Result<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrusted(url))
      return refusal(`calls are only accepted from the app's own pages, not ${url || 'an unknown frame'}`);
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'method: expected a method name' } };
    }
    return studio.dispatch(method, input, { transport: 'ipc' });
  });
  const unsubscribe = studio.hub.subscribe((event, payload) => {
    const message: EventMessage = { event, payload };
    for (const contents of getWebContents()) {
      if (!contents.isDestroyed() && isTrusted(contents.getURL())) contents.send(EVENT_CHANNEL, message);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(RPC_CHANNEL);
  };
}
