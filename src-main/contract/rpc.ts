/**
 * @file The small RPC runtime every transport shares: validate input at the boundary, call the
 * handler, wrap the answer in a result envelope with a typed error code; and the typed client
 * that turns envelopes back into values or `StudioError`s. Isomorphic: imports zod only.
 */
import { z } from 'zod';
import { StudioError, ErrorPayloadSchema, type ErrorPayload } from './errors';
import {
  methods,
  isMethodName,
  type MethodName,
  type MethodInput,
  type MethodOutput,
  type MethodParsedInput,
} from './methods';
import { events, type EventName, type EventPayload } from './events';

export type Transport = 'ipc' | 'http' | 'memory' | 'cli';

export type CallContext = { readonly transport: Transport };

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: CallContext) => Promise<MethodOutput<M>>;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
]);

/** Human-readable summary of zod issues: `options.margin: Too big: expected number to be <=4`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof StudioError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

export type DispatchOptions = {
  /** Check handler outputs against the schema too (on in tests and development). */
  validateOutput?: boolean;
  /** Called for INTERNAL errors, which are bugs: log them. */
  onInternalError?: (method: string, error: unknown) => void;
};

export type Dispatch = (method: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

/** Bind a handler table once; every transport calls the returned `dispatch`. */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (method, rawInput, ctx) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${method}"` } };
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `${method}: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, ctx);
      if (options.validateOutput) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          throw new Error(`${method} returned an invalid result: ${describeIssues(checked.error)}`);
        }
      }
      return { ok: true, value };
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'INTERNAL') options.onInternalError?.(method, error);
      return { ok: false, error: payload };
    }
  };
}

/** What a client needs from a transport: send a call, and listen to events. */
export interface ClientTransport {
  call(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export type StudioClient = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function createClient(transport: ClientTransport): StudioClient {
  return {
    async call(method, input) {
      const result = await transport.call(method, input);
      if (!result.ok) throw StudioError.fromPayload(result.error);
      // The server validated the output against the same schema; trust the envelope's value.
      return result.value as MethodOutput<typeof method>;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name !== event) return;
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of studio events to every connected transport. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** In-memory transport: the handler table called directly, still through validation. */
export function createMemoryTransport(dispatch: Dispatch, hub: EventHub): ClientTransport {
  return {
    call: (method, input) => dispatch(method, structuredClone(input), { transport: 'memory' }),
    subscribe: (listener) => hub.subscribe(listener),
  };
}
