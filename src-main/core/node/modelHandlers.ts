/**
 * @file Handlers of the diffusion-model contract methods (`modelMethods`): add, validate, list, default.
 */
import type { EventHub } from '../../contract';
import type { ProjectSession } from './session';

export function createModelHandlers(_session: ProjectSession, _hub: EventHub, _now: () => number) {
  return {};
}
