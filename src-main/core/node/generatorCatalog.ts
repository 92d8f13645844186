/**
 * @file The generators the studio offers, on the main thread: lookup by id, option validation with
 * each generator's zod schema, and the `generators.list` view (options as JSON Schema for forms).
 * The same modules are loaded again inside each worker thread (see jobs/node/generatorLoader.ts).
 */
import { z } from 'zod';
import { StudioError, describeIssues, type GeneratorInfo } from '../../contract';
import type { Generator } from '../generate/types';

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

  constructor(generators: ReadonlyMap<string, Generator>) {
    this.#byId = generators;
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

  list(): GeneratorInfo[] {
    return [...this.#byId.values()].map((generator) => ({
      id: generator.id,
      name: generator.name,
      description: generator.description,
      optionsSchema: optionsJsonSchema(generator),
      available: true,
      unavailableReason: null,
    }));
  }
}
