/**
 * @file The generator registry: id -> Generator. The mannequin is always here; model-backed
 * generators (SD + ControlNet) register alongside it when they exist.
 */
import { mannequinGenerator } from './mannequin';
import type { Generator } from './types';

export const generatorRegistry: ReadonlyMap<string, Generator> = new Map<string, Generator>([
  [mannequinGenerator.id, mannequinGenerator],
]);

export function listGenerators(): Generator[] {
  return [...generatorRegistry.values()];
}

export function getGenerator(id: string): Generator | undefined {
  return generatorRegistry.get(id);
}
