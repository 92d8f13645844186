/**
 * @file The shape of `window.studio`, which the Electron preload exposes and the renderer's IPC
 * transport consumes. Two channels only: one for calls, one for events. Isomorphic, types only.
 */
import type { EventName } from './events';
import type { MethodName } from './methods';
import type { Result } from './rpc';

export const RPC_CHANNEL = 'studio:rpc';
export const EVENT_CHANNEL = 'studio:event';

export type StudioBridge = {
  readonly platform: 'electron';
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
};

/** Message on the event channel. */
export type EventMessage = { event: EventName; payload: unknown };
