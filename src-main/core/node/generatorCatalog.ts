/**
 * @file The generators the studio offers, on the main thread: lookup by id, option validation with
 * each generator's zod schema, and the `generators.list` view (options as JSON Schema for forms).
 * The same modules are loaded again inside each worker thread (see jobs/node/generatorLoader.ts).
 * A generator that depends on the open project (a model-backed one) adds a GeneratorHost: whether
 * it is available there, and the options a run stores (e.g. its model resolved) or a refusal.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StudioError, describeIssues, type GenerateRequest, type GeneratorInfo } from '../../contract';
import type { Generator } from '../generate/types';

/** Main-thread hooks of a generator that needs the open project (its catalog reader, null when none). */
export interface GeneratorHost {
  readonly id: string;
  availability(db: Database.Database | null): { available: boolean; reason: string | null };
  /** The options to store for a run, from the parsed ones; throws a StudioError to refuse the run. */
  prepare(
    db: Database.Database,
    options: Record<string, unknown>,
    request: Pick<GenerateRequest, 'width' | 'height'>,
  ): Record<string, unknown>;
}

function optionsJsonSchema(generator: Generator): Record<string, unknown> {
  try {
    // `input`: what a form fills in (fields with defaults are optional there).
    return z.toJSONSchema(generator.optionsSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  } catch {
    return { type: 'object' };
  }
}

export class GeneratorCatalog {
  readonly #byId: ReadonlyMap<string, Generator>;
  readonly #hosts: ReadonlyMap<string, GeneratorHost>;

  constructor(generators: ReadonlyMap<string, Generator>, hosts: readonly GeneratorHost[] = []) {
    this.#byId = generators;
    this.#hosts = new Map(hosts.map((host) => [host.id, host]));
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }

  /** The generator, or a clear INVALID_INPUT naming the ones there are. */
  require(id: string): Generator {
    const generator = this.#byId.get(id);
    if (generator) return generator;
    const known = this.ids();
    throw new StudioError(
      'INVALID_INPUT',
      `unknown generator "${id}"; available: ${known.length > 0 ? known.join(', ') : 'none'}`,
      { generator: id, available: known },
    );
  }

  /** Options after the generator's schema (defaults filled in), or INVALID_INPUT naming the field. */
  parseOptions(generator: Generator, options: Record<string, unknown>): Record<string, unknown> {
    const parsed = generator.optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new StudioError('INVALID_INPUT', `options of ${generator.id}: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  }

  /** What a run stores: the options parsed, then resolved by the generator's host against the project. */
  prepareOptions(
    generator: Generator,
    request: Pick<GenerateRequest, 'options' | 'width' | 'height'>,
    db: Database.Database,
  ): Record<string, unknown> {
    const parsed = this.parseOptions(generator, request.options);
    const host = this.#hosts.get(generator.id);
    return host ? host.prepare(db, parsed, request) : parsed;
  }

  /** Every generator; with a host, available as the open project (`db`, null when none) allows. */
  list(db: Database.Database | null = null): GeneratorInfo[] {
    return [...this.#byId.values()].map((generator) => {
      const state = this.#hosts.get(generator.id)?.availability(db) ?? { available: true, reason: null };
      return {
        id: generator.id,
        name: generator.name,
        description: generator.description,
        optionsSchema: optionsJsonSchema(generator),
        available: state.available,
        unavailableReason: state.available ? null : state.reason,
      };
    });
  }
}
