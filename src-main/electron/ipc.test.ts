/**
 * The IPC binding through the in-process Electron double and the real preload bridge: two
 * channels only, the sender-frame check, events to the app's windows only, and unbinding.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../contract';
import { bindIpc } from './ipc';
import { createBridge } from './preload/bridge';
import { createFakeIpc, createIpcClient } from '../../tests/helpers/transportsIpc';
import { createFakeStudio } from '../../tests/helpers/transportsFake';
import { tempDir } from '../../tests/helpers/paths';

const studio = createFakeStudio(tempDir('pose-studio-ipc-'));

describe('calls over ipc', () => {
  it('registers exactly the rpc channel and dispatches with transport ipc', async () => {
    const { ipc, transport, unbind } = createIpcClient(studio);
    expect([...ipc.ipcMain.handlers.keys()]).toEqual([RPC_CHANNEL]);
    expect(await transport.call('app.info', {})).toMatchObject({ ok: true, value: { transport: 'ipc' } });
    expect(studio.calls.at(-1)).toEqual({ method: 'app.info', transport: 'ipc' });
    unbind();
  });

  it('returns typed errors as envelopes', async () => {
    const { transport, unbind } = createIpcClient(studio);
    expect(await transport.call('poses.get', { id: 3 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await transport.call('poses.get', { id: -1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    unbind();
  });

  it('refuses calls from a frame that is not the app', async () => {
    const { window, transport, unbind } = createIpcClient(studio);
    window.url = 'https://evil.example/';
    const before = studio.calls.length;
    expect(await transport.call('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(studio.calls.length).toBe(before);
    unbind();
  });

  it('refuses a non-string method', async () => {
    const ipc = createFakeIpc();
    const unbind = bindIpc(studio, ipc.ipcMain, () => []);
    const window = ipc.openWindow();
    expect(await window.ipcRenderer.invoke(RPC_CHANNEL, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    unbind();
  });
});

describe('events over ipc', () => {
  it('sends hub events on the event channel to live app windows only', () => {
    const ipc = createFakeIpc();
    const unbind = bindIpc(studio, ipc.ipcMain, () => ipc.windows.map((window) => window.webContents));
    const app = ipc.openWindow();
    const gone = ipc.openWindow();
    gone.destroyed = true;
    const foreign = ipc.openWindow('https://evil.example/');
    const seen: unknown[] = [];
    createBridge(app.ipcRenderer).subscribe((event, payload) => seen.push({ event, payload }));
    studio.hub.emit('catalog.changed', { entity: 'tags', reason: 'test' });
    expect(app.received).toEqual([
      {
        channel: EVENT_CHANNEL,
        message: { event: 'catalog.changed', payload: { entity: 'tags', reason: 'test' } },
      },
    ]);
    expect(seen).toEqual([{ event: 'catalog.changed', payload: { entity: 'tags', reason: 'test' } }]);
    expect(gone.received).toEqual([]);
    expect(foreign.received).toEqual([]);
    unbind();
  });

  it('unbinds: no handler, no more events; a bridge unsubscribe stops delivery', async () => {
    const { ipc, window, transport, unbind } = createIpcClient(studio);
    const seen: string[] = [];
    const stop = transport.subscribe((event) => seen.push(event));
    studio.hub.emit('catalog.changed', { entity: 'poses', reason: 'a' });
    stop();
    studio.hub.emit('catalog.changed', { entity: 'poses', reason: 'b' });
    expect(seen).toEqual(['catalog.changed']);
    unbind();
    expect(ipc.ipcMain.handlers.size).toBe(0);
    studio.hub.emit('catalog.changed', { entity: 'poses', reason: 'c' });
    expect(window.received).toHaveLength(2);
    await expect(transport.call('app.info', {})).rejects.toThrow(/No handler registered/);
  });
});
