/**
 * Integration: projects and jobs through the contract: no project open, create/open/close,
 * refusing a catalog from a newer version (untouched), cancelling an import mid-file (rolled
 * back, job cancelled), and recovery of a job a killed process left running.
 */
import Database from 'better-sqlite3';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError, createClient, createMemoryTransport, type Job } from '../../src-main/contract';
import { createStudio } from '../../src-main/core/studio';
import { latestVersion } from '../../src-main/core/catalog/node/migrations/registry';
import { createTestStudio } from '../helpers/studio';
import { tempDir } from '../helpers/paths';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof StudioError ? error.code : 'not-a-studio-error';
  }
}

function bigCocoFile(path: string, annotations: number): void {
  const keypoints = Array.from({ length: 17 }, (_, k) => [100 + k, 200 + k, 2]).flat();
  const parts = [];
  for (let i = 0; i < annotations; i += 1) {
    parts.push(
      JSON.stringify({
        id: i + 1,
        image_id: 1,
        category_id: 1,
        iscrowd: 0,
        bbox: [90, 190, 40, 40],
        num_keypoints: 17,
        keypoints,
      }),
    );
  }
  writeFileSync(
    path,
    `{"images":[{"id":1,"width":640,"height":480,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"person"}],"annotations":[${parts.join(',')}]}`,
  );
}

describe('projects', () => {
  const dir = tempDir();

  it('answers NO_PROJECT until a project is open, then opens, closes and reopens', async () => {
    const studio = await createStudio({ transport: 'memory', validateOutput: true });
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    expect((await client.call('app.info', {})).project).toBeNull();
    expect(await codeOf(client.call('poses.list', {}))).toBe('NO_PROJECT');
    const path = join(dir, 'p1');
    const created = await client.call('project.create', { path });
    expect(created).toMatchObject({ path, name: 'p1', poseCount: 0, schemaVersion: latestVersion() });
    expect(await codeOf(client.call('project.create', { path }))).toBe('PROJECT_EXISTS');
    expect(await client.call('project.close', {})).toEqual({ closed: true });
    expect(await codeOf(client.call('poses.count', {}))).toBe('NO_PROJECT');
    expect((await client.call('project.open', { path })).path).toBe(path);
    expect(await codeOf(client.call('project.open', { path: join(dir, 'missing') }))).toBe('NOT_FOUND');
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'notes.txt'), 'hello');
    expect(await codeOf(client.call('project.create', { path: join(dir, 'busy') }))).toBe('CONFLICT');
    expect((await client.call('app.pickPath', { purpose: 'open-project' })).path).toBeNull();
    await studio.close();
  });

  it('refuses a catalog written by a newer version and leaves the file untouched', async () => {
    const path = join(dir, 'future');
    const studio = await createStudio({ transport: 'memory', projectDir: path, create: true });
    await studio.close();
    const file = join(path, 'studio.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 9990');
    db.close();
    const before = statSync(file).mtimeMs;
    const other = await createStudio({ transport: 'memory' });
    const client = createClient(createMemoryTransport(other.dispatch, other.hub));
    let message = '';
    try {
      await client.call('project.open', { path });
    } catch (error) {
      expect((error as StudioError).code).toBe('VERSION_TOO_NEW');
      message = (error as StudioError).message;
    }
    expect(message).toMatch(/newer Pose Studio \(schema 9990/);
    expect(statSync(file).mtimeMs).toBe(before);
    await other.close();
  });
});

describe('import jobs', () => {
  it('cancels an import mid-file: nothing from the file is kept and the job says cancelled', async () => {
    const { client, events } = await createTestStudio();
    const file = join(tempDir(), 'big.json');
    bigCocoFile(file, 100_000);
    const cancelled = new Promise<void>((resolve) => {
      const stop = client.on('jobs.progress', (job) => {
        if (job.state === 'running' && job.done > 0) {
          stop();
          void client.call('jobs.cancel', { id: job.id }).then(() => resolve());
        }
      });
    });
    expect(await codeOf(client.call('poses.import', { source: { kind: 'path', path: file } }))).toBe(
      'CANCELLED',
    );
    await cancelled;
    expect((await client.call('poses.count', {})).count).toBe(0);
    expect((await client.call('poses.sources', {})).items).toEqual([]);
    const last = events.filter((e) => e.event === 'jobs.progress').at(-1)!.payload as Job;
    expect(last.state).toBe('cancelled');
    expect((await client.call('jobs.list', {})).items[0]!.state).toBe('cancelled');
    expect((await client.call('doctor.check', {})).ok).toBe(true);
  });

  it('marks a job a killed process left running as failed when the project opens again', async () => {
    const path = join(tempDir(), 'p');
    const first = await createStudio({ transport: 'memory', projectDir: path, create: true });
    await first.close();
    const db = new Database(join(path, 'studio.sqlite'));
    db.prepare(
      "INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at) VALUES ('import', 'Import x', '{}', 'running', 'bytes', 1, 1)",
    ).run();
    db.close();
    const second = await createStudio({ transport: 'memory', projectDir: path });
    const client = createClient(createMemoryTransport(second.dispatch, second.hub));
    const [job] = (await client.call('jobs.list', {})).items;
    expect(job).toMatchObject({ state: 'failed', error: expect.stringMatching(/interrupted/) });
    await second.close();
  });
});
