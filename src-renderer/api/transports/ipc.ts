/**
 * @file The IPC transport: the contract's `ClientTransport` over `window.studio`, which the
 * Electron preload exposes. Two channels only (calls and events), both behind the bridge.
 */
import type { ClientTransport, StudioBridge } from '../../../src-main/contract';

export function createIpcTransport(bridge: StudioBridge): ClientTransport {
  return {
    call: (method, input) => bridge.invoke(method, input),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}
