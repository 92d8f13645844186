/**
 * Integration: real kills -9 in the middle of a generation run. A child process (tsx) opens the
 * project and generates 12 poses x 5 variants slowly; once some variants are committed it is
 * killed with SIGKILL after a random extra moment, at whatever instant that falls (between a
 * rename and its commit, inside a commit, ...). A second child resumes the job and is killed the
 * same way. A studio opened on the same project then resumes the job to the end, and the project
 * must be exactly whole: poses x variants rows, one per key, every media row's file on disk, no
 * file without a row, no temp file, doctor clean.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { GenerationRun } from '../../src-main/contract';
import { repoRoot, tempDir } from '../helpers/paths';
import { catalogRows, importPoses, mediaFiles, openGenStudio, waitForJob } from '../helpers/generation';

const POSES = 12;
const VARIANTS = 5;

const child = (projectDir: string, mode: 'start' | 'resume') =>
  spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests/helpers/generationChild.ts'), projectDir, mode],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

const variantCount = (dir: string) =>
  catalogRows<{ n: number }>(dir, 'SELECT count(*) AS n FROM variants')[0]!.n;

/** Run a child until at least `minCommitted` more variants are committed, then SIGKILL it a moment later. */
async function runAndKill(
  projectDir: string,
  mode: 'start' | 'resume',
  minCommitted: number,
): Promise<{ run: GenerationRun | null; seen: number }> {
  const process_ = child(projectDir, mode);
  let stderr = '';
  process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    process_.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  let run: GenerationRun | null = null;
  let seen = 0;
  for await (const line of createInterface({ input: process_.stdout })) {
    const message = JSON.parse(line) as { run?: GenerationRun; created?: { count: number } };
    if (message.run) run = message.run;
    if (message.created) seen += message.created.count;
    if (seen >= minCommitted) {
      // A random extra moment, so the kill lands anywhere in the write/commit cycle.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
      process_.kill('SIGKILL');
      break;
    }
  }
  expect(await exited, stderr).toBe('SIGKILL');
  return { run, seen };
}

describe('generation survives kill -9', () => {
  it('resumes after a real kill with no lost, duplicated or orphan variant and doctor clean', async () => {
    const dir = join(tempDir(), 'project');
    const setup = await openGenStudio(dir, { create: true });
    await importPoses(setup.client, tempDir(), POSES);
    await setup.studio.close();

    const { run, seen } = await runAndKill(dir, 'start', 10);
    if (!run) throw new Error('the child never started the run');
    const atFirstKill = variantCount(dir);
    expect(atFirstKill).toBeGreaterThanOrEqual(seen);
    expect(atFirstKill).toBeLessThan(POSES * VARIANTS);
    expect(
      catalogRows<{ state: string }>(dir, 'SELECT state FROM jobs WHERE id = ?', run.jobId)[0]!.state,
    ).toBe('running');
    await runAndKill(dir, 'resume', 10);
    const atKill = variantCount(dir);
    expect(atKill).toBeGreaterThan(atFirstKill);
    expect(atKill).toBeLessThan(POSES * VARIANTS);

    const { studio, client } = await openGenStudio(dir);
    try {
      const job = await waitForJob(client, run.jobId, ['done', 'failed'], 60_000);
      expect(job).toMatchObject({ state: 'done', done: POSES * VARIANTS, error: null });

      const keys = catalogRows<{ rows: number; keys: number }>(
        dir,
        `SELECT count(*) AS rows, (SELECT count(*) FROM (SELECT DISTINCT run_id, pose_id, variant_index FROM variants)) AS keys
         FROM variants`,
      )[0]!;
      expect(keys).toEqual({ rows: POSES * VARIANTS, keys: POSES * VARIANTS });
      const perPose = catalogRows<{ n: number }>(dir, 'SELECT count(*) AS n FROM variants GROUP BY pose_id');
      expect(perPose.map((row) => row.n)).toEqual(new Array(POSES).fill(VARIANTS));

      const media = catalogRows<{ path: string }>(dir, 'SELECT path FROM media');
      for (const row of media) expect(existsSync(join(dir, 'media', row.path)), row.path).toBe(true);
      const onDisk = mediaFiles(dir);
      expect(onDisk.temps).toEqual([]);
      expect(new Set(onDisk.files)).toEqual(new Set(media.map((row) => row.path)));
      const dangling = catalogRows<{ n: number }>(
        dir,
        `SELECT count(*) AS n FROM variants v WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.id = v.rgb_media)
           OR NOT EXISTS (SELECT 1 FROM media m WHERE m.id = v.thumb_media)`,
      )[0]!.n;
      expect(dangling).toBe(0);

      expect(await client.call('doctor.check', {})).toMatchObject({ ok: true, issues: [] });
      const [finished] = (await client.call('generate.runs', {})).items;
      expect(finished).toMatchObject({ id: run.id, state: 'done', done: POSES * VARIANTS, failed: 0 });
    } finally {
      await studio.close();
    }
  });
});
