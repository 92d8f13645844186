/**
 * Integration: the generation commands of the `pose-studio` CLI over a real project made by
 * `init --sample`: generate with a progress bar and a summary (or the run as JSON), variants and
 * jobs listings, Ctrl+C pausing a run and `jobs resume` finishing it with nothing duplicated,
 * --detach, cancelling, usage errors (exit 2) and the core's refusals (exit 1).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerationRun, Job, Variant } from '../../src-main/contract';
import { loadPresets } from '../../src-main/core/pose/presets';
import { cli, cliInterruptedOn, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

const json = <T>(result: CliResult): T => JSON.parse(result.stdout) as T;
/** `init --sample` adds each preset and 4 augmentations of it. */
const PRESETS = loadPresets().length;
const SAMPLE = PRESETS * 5;

describe('pose-studio generate, jobs, variants', () => {
  const dir = tempDir();
  const project = join(dir, 'sample');
  const p = ['--project', project];

  it('init --sample creates a project filled with the presets and their augmentations', async () => {
    const result = await cli(['init', project, '--sample']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/created project .*sample/);
    expect(result.stdout).toContain(`added ${SAMPLE} sample poses: ${PRESETS} presets x 5`);
    expect(result.stdout).toContain(`pose-studio generate --project ${project} --poses tag:sample`);
    expect(result.stderr).toMatch(/100%/);
    expect((await cli(['poses', 'count', ...p, '--tag', 'sample'])).stdout.trim()).toBe(`${SAMPLE} poses`);
    expect((await cli(['poses', 'count', ...p, '--tag', 'walking-side'])).stdout.trim()).toBe('5 poses');
    expect((await cli(['poses', 'count', ...p, '--tag', 'preset'])).stdout.trim()).toBe(`${PRESETS} poses`);
  });

  it('init --sample --json reports the project and the sample', async () => {
    const small = join(dir, 'small');
    const result = await cli(['init', small, '--sample', '--per-preset', '1', '--json']);
    expect(result.code).toBe(0);
    expect(json<{ poseCount: number; sample: { poses: number } }>(result)).toMatchObject({
      poseCount: PRESETS,
      sample: { poses: PRESETS, presets: PRESETS, perPreset: 1 },
    });
  });

  let runId = 0;

  it('generates variants with a progress bar and prints the run as JSON', async () => {
    const result = await cli([
      'generate',
      ...p,
      '--poses',
      'tag:walking-side',
      '--variants',
      '2',
      '--size',
      '64',
      '--seed',
      '7',
      '--prompt',
      'a person in a {red|blue} shirt',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const run = json<GenerationRun>(result);
    expect(run).toMatchObject({ state: 'done', poseCount: 5, total: 10, done: 10, failed: 0 });
    expect(run.request).toMatchObject({
      variantsPerPose: 2,
      width: 64,
      height: 64,
      seed: 7,
      generator: 'mannequin',
    });
    expect(result.stderr).toMatch(/run \d+ \(job \d+\): 10 variants/);
    expect(result.stderr).toMatch(/100%.*variants/);
    runId = run.id;
  });

  it('prints a human summary with variants per second', async () => {
    const result = await cli(['generate', ...p, '--poses', 'ids:1,2', '--variants', '1', '--size', '64x96']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^run \d+ done: 2 variants \(2 poses x 1 variant, mannequin, 64x96\); 2 made in [\d.]+ s, [\d.]+ variants\/s; 0 failed/,
    );
    expect(result.stderr).toMatch(/list them: pose-studio variants list --project .* --run \d+/);
  });

  it('lists the variants of a run, with their media on disk', async () => {
    const listed = await cli(['variants', 'list', ...p, '--run', String(runId), '--limit', '50', '--json']);
    expect(listed.code).toBe(0);
    const page = json<{ items: Variant[]; total: number }>(listed);
    expect(page.total).toBe(10);
    expect(new Set(page.items.map((v) => `${v.poseId}:${v.index}`)).size).toBe(10);
    for (const variant of page.items) {
      expect(variant).toMatchObject({ runId, width: 64, height: 64, generator: 'mannequin' });
      expect(variant.prompt).toMatch(/a person in a (red|blue) shirt/);
      expect(existsSync(join(project, 'media', variant.media.rgb))).toBe(true);
    }
    const human = await cli(['variants', 'list', ...p, '--run', String(runId), '--limit', '3']);
    expect(human.stdout).toMatch(/3 of 10 variants, newest first/);
  });

  it('Ctrl+C pauses a run; jobs resume finishes it with nothing lost or duplicated', async () => {
    const args = ['generate', ...p, '--poses', 'tag:sample', '--variants', '3', '--size', '64'];
    const paused = await cliInterruptedOn(args, /Ctrl\+C pauses/);
    expect(paused.code, paused.stderr).toBe(130);
    expect(paused.stdout).toMatch(
      new RegExp(`^run \\d+ paused at \\d+/${SAMPLE * 3} items \\(items in flight still finish\\)`),
    );
    const jobId = Number(/jobs resume (\d+) --project/.exec(paused.stderr)?.[1]);
    expect(jobId).toBeGreaterThan(0);
    const jobs = json<{ items: Job[] }>(await cli(['jobs', 'list', ...p, '--json']));
    expect(jobs.items.find((job) => job.id === jobId)?.state).toBe('paused');

    const resumed = await cli(['jobs', 'resume', String(jobId), ...p, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const run = json<GenerationRun>(resumed);
    expect(run).toMatchObject({ state: 'done', total: SAMPLE * 3, done: SAMPLE * 3, failed: 0 });
    const variants = json<{ total: number }>(
      await cli(['variants', 'list', ...p, '--run', String(run.id), '--json']),
    );
    expect(variants.total).toBe(SAMPLE * 3);
    expect((await cli(['jobs', 'resume', String(jobId), ...p])).stdout).toMatch(/already done/);
  });

  it('--detach queues a run that a later command finishes; a cancelled run cannot resume', async () => {
    const detached = await cli([
      'generate',
      ...p,
      '--poses',
      'ids:3,4',
      '--variants',
      '2',
      '--size',
      '64',
      '--detach',
    ]);
    expect(detached.code, detached.stderr).toBe(0);
    expect(detached.stdout).toMatch(/^queued run \d+ \(job (\d+)\): 4 variants/);
    const jobId = /job (\d+)\)/.exec(detached.stdout)![1]!;
    const finished = await cli(['jobs', 'resume', jobId, ...p]);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/done: 4 variants/);

    const paused = await cliInterruptedOn(
      ['generate', ...p, '--poses', 'tag:sample', '--variants', '2', '--size', '64'],
      /Ctrl\+C pauses/,
    );
    expect(paused.code).toBe(130);
    const pausedJob = /jobs resume (\d+)/.exec(paused.stderr)![1]!;
    expect((await cli(['jobs', 'cancel', pausedJob, ...p])).stdout).toMatch(`cancelled job ${pausedJob}`);
    const refused = await cli(['jobs', 'resume', pausedJob, ...p]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cancelled; it cannot resume/);
  });

  it('lists jobs and generators', async () => {
    const jobs = await cli(['jobs', 'list', ...p]);
    expect(jobs.stdout).toMatch(/generate\s+done/);
    expect(jobs.stdout).toMatch(/import\s+done/);
    const generators = await cli(['generators', 'list', ...p]);
    expect(generators.code).toBe(0);
    expect(generators.stdout).toMatch(/^mannequin /m);
  });

  it('answers bad options with usage errors (exit 2) and the core refusals with exit 1', async () => {
    const usage = async (args: string[], message: RegExp): Promise<void> => {
      const result = await cli(['generate', ...p, ...args]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
    };
    await usage(['--poses', 'some'], /--poses expects all, tag:NAME/);
    await usage(['--poses', 'ids:1,x'], /pose ids are positive whole numbers/);
    await usage(['--size', '64x'], /--size expects N or WxH/);
    await usage(['--size', '32'], /width/);
    await usage(['--variants', '0'], /variantsPerPose/);
    await usage(['--seed-mode', 'sometimes'], /seedMode/);
    await usage(['--option', '=3'], /--option expects key=value/);
    expect((await cli(['jobs', 'resume', ...p])).code).toBe(2);
    expect((await cli(['variants', 'list', ...p, '--status', 'maybe'])).code).toBe(2);

    const unknown = await cli(['generate', ...p, '--generator', 'no-such-generator', '--size', '64']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error \[[A-Z_]+\]: .*no-such-generator/);
    const none = await cli(['generate', ...p, '--poses', 'tag:no-such-tag', '--size', '64']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/error \[[A-Z_]+\]/);
  });

  it('leaves the project clean for doctor', async () => {
    const doctor = await cli(['doctor', ...p]);
    expect(doctor.stdout).toMatch(/all clean/);
    expect(doctor.code).toBe(0);
  });
});
