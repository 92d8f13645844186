import { describe, expect, it } from 'vitest';
import type { StudioBridge } from '../../src-main/contract';
import { connect, pickTransport, type BootWindow } from './connect';
import type { SocketLike } from './transports/httpTransport';

class NullSocket implements SocketLike {
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  close() {}
}

function bootWindow(overrides: Partial<BootWindow> = {}): BootWindow & { replaced: string[] } {
  const replaced: string[] = [];
  const data = new Map<string, string>();
  return {
    location: { href: 'http://127.0.0.1:4000/?token=secret', origin: 'http://127.0.0.1:4000' },
    sessionStorage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) },
    history: { replaceState: (_d, _u, url) => replaced.push(url) },
    fetch: async () => new Response(JSON.stringify({ ok: true, value: { version: '0.1.0' } })),
    WebSocket: NullSocket,
    replaced,
    ...overrides,
  };
}

describe('transport picking', () => {
  it('uses IPC when the preload exposes window.studio', async () => {
    const calls: string[] = [];
    const bridge: StudioBridge = {
      platform: 'electron',
      invoke: async (method) => {
        calls.push(method);
        return { ok: true, value: { count: 3 } };
      },
      subscribe: () => () => undefined,
    };
    const win = bootWindow({ studio: bridge });
    expect(pickTransport(win).kind).toBe('ipc');
    const connection = connect(win);
    expect(connection.mode).toBe('ipc');
    expect(connection.files).toBeNull();
    expect(connection.mediaUrl('ab/c.png')).toBe('studio://app/media/ab/c.png');
    await expect(connection.client.call('poses.count', {})).resolves.toEqual({ count: 3 });
    expect(calls).toEqual(['poses.count']);
    expect(win.replaced).toEqual([]);
  });

  it('uses HTTP on the page origin otherwise, taking the token from the address', () => {
    const win = bootWindow();
    expect(pickTransport(win)).toEqual({ kind: 'http', baseUrl: 'http://127.0.0.1:4000', token: 'secret' });
    expect(win.replaced).toEqual(['http://127.0.0.1:4000/']);
    const connection = connect(bootWindow());
    expect(connection.mode).toBe('http');
    expect(connection.files?.exportUrl('a.json')).toBe(
      'http://127.0.0.1:4000/api/exports/a.json?token=secret',
    );
    expect(connection.mediaUrl('ab/c.webp')).toBe('http://127.0.0.1:4000/media/ab/c.webp?token=secret');
  });
});
