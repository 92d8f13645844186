/**
 * @file A real studio on a temp project, driven through the in-memory transport (validation on
 * both ways), for integration tests.
 */
import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  createClient,
  createMemoryTransport,
  type EventName,
  type StudioClient,
} from '../../src-main/contract';
import { createStudio, type Studio } from '../../src-main/core/studio';
import { tempDir } from './paths';

export type TestStudio = {
  studio: Studio;
  client: StudioClient;
  projectDir: string;
  events: { event: EventName; payload: unknown }[];
};

export async function createTestStudio(options: { projectDir?: string } = {}): Promise<TestStudio> {
  const projectDir = options.projectDir ?? join(tempDir(), 'project');
  const studio = await createStudio({ transport: 'memory', projectDir, create: true, validateOutput: true });
  const events: TestStudio['events'] = [];
  studio.hub.subscribe((event, payload) => events.push({ event, payload }));
  afterAll(() => studio.close());
  return {
    studio,
    client: createClient(createMemoryTransport(studio.dispatch, studio.hub)),
    projectDir,
    events,
  };
}
