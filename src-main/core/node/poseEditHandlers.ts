/**
 * @file Handlers of the pose editor's contract methods (`poseEditMethods`): create, augment,
 * near-duplicate lookup.
 */
import type { EventHub } from '../../contract';
import type { ProjectSession } from './session';

export function createPoseEditHandlers(_session: ProjectSession, _hub: EventHub, _now: () => number) {
  return {};
}
