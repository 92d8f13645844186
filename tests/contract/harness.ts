/**
 * @file The three front doors as interchangeable harnesses for the conformance suite: a real
 * studio (no project open yet, outputs validated) reached through the in-memory transport,
 * through HTTP + WebSocket (startServer on an ephemeral port with a token), or through the IPC
 * binding with Electron replaced by the in-process double.
 */
import {
  createClient,
  createMemoryTransport,
  type ClientTransport,
  type EventName,
  type StudioClient,
  type Transport,
} from '../../src-main/contract';
import { createStudio, type Studio } from '../../src-main/core/studio';
import { startServer } from '../../src-main/server/http';
import { createHttpClient } from '../helpers/transportsHttp';
import { createIpcClient } from '../helpers/transportsIpc';

export type Harness = {
  transport: Transport;
  studio: Studio;
  raw: ClientTransport;
  client: StudioClient;
  /** Every event the client received, in arrival order. */
  events: { event: EventName; payload: unknown }[];
  close(): Promise<void>;
};

export type MakeHarness = () => Promise<Harness>;

function record(raw: ClientTransport): Harness['events'] {
  const events: Harness['events'] = [];
  raw.subscribe((event, payload) => events.push({ event, payload }));
  return events;
}

export const makeMemoryHarness: MakeHarness = async () => {
  const studio = await createStudio({ transport: 'memory', validateOutput: true });
  const raw = createMemoryTransport(studio.dispatch, studio.hub);
  return {
    transport: 'memory',
    studio,
    raw,
    client: createClient(raw),
    events: record(raw),
    close: () => studio.close(),
  };
};

export const makeHttpHarness: MakeHarness = async () => {
  const studio = await createStudio({ transport: 'http', validateOutput: true });
  const server = await startServer({ studio, token: 'contract-token', rendererDir: null });
  const http = createHttpClient(server.url);
  await http.ready;
  return {
    transport: 'http',
    studio,
    raw: http.transport,
    client: createClient(http.transport),
    events: record(http.transport),
    async close() {
      await http.close();
      await server.close();
      await studio.close();
    },
  };
};

export const makeIpcHarness: MakeHarness = async () => {
  const studio = await createStudio({ transport: 'ipc', validateOutput: true });
  const ipc = createIpcClient(studio);
  return {
    transport: 'ipc',
    studio,
    raw: ipc.transport,
    client: createClient(ipc.transport),
    events: record(ipc.transport),
    async close() {
      ipc.unbind();
      await studio.close();
    },
  };
};
