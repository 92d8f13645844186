/**
 * The event WebSocket: hub events arrive as JSON, the upgrade needs the token and our origin,
 * dead peers are dropped by the heartbeat, and a lagging socket skips only what it may skip.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Job } from '../contract';
import { startServer } from './http';
import { fanOut, isEssential, type SocketSink } from './ws';
import { createFakeStudio } from '../../tests/helpers/transportsFake';
import { tempDir } from '../../tests/helpers/paths';
import { makeJob } from '../../tests/helpers/jobs';

const studio = createFakeStudio(tempDir('pose-studio-ws-'));
const server = await startServer({ studio, token: 't0ken', rendererDir: null, heartbeatMs: 50 });
afterAll(() => server.close());
const wsBase = `ws://127.0.0.1:${server.port}`;

function job(state: Job['state']): Job {
  return makeJob({ state, title: 'Import', done: 1, total: 2 });
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolveOpen(socket));
    socket.once('error', reject);
  });
}

function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_req, res) => {
      resolveStatus(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => undefined);
  });
}

describe('GET /api/events', () => {
  it('forwards hub events as {event, payload}', async () => {
    const socket = await open(`${wsBase}/api/events?token=t0ken`);
    const message = new Promise<unknown>((resolveMessage) =>
      socket.once('message', (data) => resolveMessage(JSON.parse(String(data)))),
    );
    studio.hub.emit('catalog.changed', { entity: 'poses', reason: 'imported' });
    expect(await message).toEqual({
      event: 'catalog.changed',
      payload: { entity: 'poses', reason: 'imported' },
    });
    socket.terminate();
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect(await refusal(`${wsBase}/api/events`)).toBe(401);
    expect(await refusal(`${wsBase}/api/events?token=nope`)).toBe(401);
  });

  it('refuses other paths, foreign origins and foreign hosts', async () => {
    expect(await refusal(`${wsBase}/api/other?token=t0ken`)).toBe(404);
    expect(await refusal(`${wsBase}/api/events?token=t0ken`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await refusal(`${wsBase}/api/events?token=t0ken`, { Host: 'evil.example' })).toBe(403);
  });

  it('keeps answering peers and drops a peer that stops answering pings', async () => {
    const healthy = await open(`${wsBase}/api/events?token=t0ken`);
    const silent = await open(`${wsBase}/api/events?token=t0ken`);
    const dropped = new Promise<void>((resolveClose) => silent.once('close', () => resolveClose()));
    // A paused socket reads nothing, so it never answers the server's pings; after a few
    // heartbeats the server has terminated it, which the client sees once it reads again.
    silent.pause();
    await new Promise((resolveWait) => setTimeout(resolveWait, 400));
    silent.resume();
    await dropped;
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.terminate();
  });

  it('answers a plain GET with 426', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events?token=t0ken`);
    expect(response.status).toBe(426);
  });
});

describe('backpressure', () => {
  it('treats terminal job states and catalog changes as essential', () => {
    expect(isEssential('jobs.progress', job('running'))).toBe(false);
    expect(isEssential('jobs.progress', job('queued'))).toBe(false);
    for (const state of ['done', 'failed', 'cancelled'] as const) {
      expect(isEssential('jobs.progress', job(state))).toBe(true);
    }
    expect(isEssential('catalog.changed', { entity: 'poses', reason: 'x' })).toBe(true);
  });

  it('skips optional events for a lagging socket and closes a hopeless one', () => {
    const sink = (bufferedAmount: number) => {
      const sent: string[] = [];
      const socket: SocketSink & { sent: string[]; terminated: boolean } = {
        readyState: 1,
        OPEN: 1,
        bufferedAmount,
        sent,
        terminated: false,
        send: (data) => sent.push(data),
        terminate: () => (socket.terminated = true),
      };
      return socket;
    };
    const [fresh, lagging, hopeless] = [sink(0), sink(2_000), sink(20_000)];
    const limits = { softLimit: 1_000, hardLimit: 10_000 };
    fanOut([fresh, lagging, hopeless], 'progress', false, limits);
    fanOut([fresh, lagging, hopeless], 'done', true, limits);
    expect(fresh.sent).toEqual(['progress', 'done']);
    expect(lagging.sent).toEqual(['done']);
    expect(hopeless.sent).toEqual([]);
    expect(hopeless.terminated).toBe(true);
  });
});
