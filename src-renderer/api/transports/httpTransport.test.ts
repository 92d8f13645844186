import { describe, expect, it } from 'vitest';
import { createClient, StudioError } from '../../../src-main/contract';
import { createHttpTransport, eventsUrl, type SocketLike } from './httpTransport';

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  send(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

type Call = { url: string; init: RequestInit };

function setup(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const sockets: FakeSocket[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  const transport = createHttpTransport({
    baseUrl: 'http://127.0.0.1:4000',
    token: 'tok',
    fetch: async (url, init) => {
      calls.push({ url, init });
      return answer({ url, init });
    },
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
  });
  return { transport, calls, sockets, timers, client: createClient(transport) };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('HTTP transport', () => {
  it('POSTs /api/rpc/<method> with the bearer token and unwraps the envelope', async () => {
    const { client, calls } = setup(() => json({ ok: true, value: { count: 68 } }));
    await expect(client.call('poses.count', { filter: { minLabeled: 15 } })).resolves.toEqual({ count: 68 });
    expect(calls[0]?.url).toBe('http://127.0.0.1:4000/api/rpc/poses.count');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ filter: { minLabeled: 15 } });
  });

  it('turns an error envelope into a StudioError with its code, whatever the HTTP status', async () => {
    const { client } = setup(() =>
      json({ ok: false, error: { code: 'PROJECT_EXISTS', message: 'a project already exists at /p' } }, 409),
    );
    const error = await client.call('project.create', { path: '/p' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('PROJECT_EXISTS');
  });

  it('reports unreachable servers and non-envelope answers readably', async () => {
    const down = setup(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.client.call('app.info', {})).rejects.toMatchObject({ code: 'IO_ERROR' });
    const html = setup(() => new Response('<html>', { status: 401 }));
    await expect(html.client.call('app.info', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('delivers valid events from the socket and ignores junk', () => {
    const { client, sockets } = setup(() => json({ ok: true, value: {} }));
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:4000/api/events?token=tok');
    const seen: string[] = [];
    client.on('catalog.changed', (payload) => seen.push(`${payload.entity}:${payload.reason}`));
    sockets[0]?.onopen?.();
    sockets[0]?.send({ event: 'catalog.changed', payload: { entity: 'poses', reason: 'imported' } });
    sockets[0]?.send({ event: 'nope', payload: {} });
    sockets[0]?.onmessage?.({ data: 'not json' });
    expect(seen).toEqual(['poses:imported']);
  });

  it('reconnects with growing delays and tells listeners to refetch after a reconnect', () => {
    const { transport, sockets, timers } = setup(() => json({ ok: true, value: {} }));
    const events: string[] = [];
    const states: string[] = [];
    transport.subscribe((event, payload) => events.push(`${event}:${JSON.stringify(payload)}`));
    transport.onConnection((state) => states.push(state));
    sockets[0]?.onopen?.();
    sockets[0]?.onclose?.();
    expect(transport.connection).toBe('closed');
    timers[0]?.callback();
    sockets[1]?.onclose?.();
    timers[1]?.callback();
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    sockets[2]?.onopen?.();
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed', 'connecting', 'open']);
    expect(events).toEqual(['catalog.changed:{"entity":"project","reason":"reconnected"}']);
  });

  it('close() stops reconnecting', () => {
    const { transport, sockets, timers } = setup(() => json({ ok: true, value: {} }));
    transport.close();
    sockets[0]?.onclose?.();
    expect(sockets[0]?.closed).toBe(true);
    expect(timers).toEqual([]);
  });

  it('eventsUrl follows the page scheme', () => {
    expect(eventsUrl('https://box:8443', null)).toBe('wss://box:8443/api/events');
  });
});
