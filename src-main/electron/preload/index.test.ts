/** The preload exposes exactly one object, `window.studio`, speaking the two channels. */
import { describe, expect, it, vi } from 'vitest';
import type { StudioBridge } from '../../contract';

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  ipcRenderer: {
    invoke: vi.fn(async () => ({ ok: true, value: 1 })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: fake.ipcRenderer,
}));

await import('./index');

describe('preload', () => {
  const bridge = fake.exposed.get('studio') as StudioBridge;

  it('exposes only window.studio, frozen', () => {
    expect([...fake.exposed.keys()]).toEqual(['studio']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'platform', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge.platform).toBe('electron');
  });

  it('invokes on the rpc channel and listens on the event channel', async () => {
    expect(await bridge.invoke('app.info', {})).toEqual({ ok: true, value: 1 });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('studio:rpc', 'app.info', {});
    const seen: unknown[] = [];
    const stop = bridge.subscribe((event, payload) => seen.push([event, payload]));
    const [channel, listener] = fake.ipcRenderer.on.mock.calls[0] as unknown as [
      string,
      (event: unknown, message: unknown) => void,
    ];
    expect(channel).toBe('studio:event');
    listener({ sender: 'hidden' }, { event: 'catalog.changed', payload: { entity: 'poses', reason: 'x' } });
    expect(seen).toEqual([['catalog.changed', { entity: 'poses', reason: 'x' }]]);
    stop();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledWith('studio:event', listener);
  });
});
