/**
 * Integration: `pose-studio poses create --preset` and `poses augment` over a real project, human
 * and --json output, and the refusals (usage error 2, unknown pose 1) that change nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pose } from '../../src-main/contract';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

describe('pose-studio poses create / augment', () => {
  const project = join(tempDir(), 'project');

  it('creates a pose from a preset, tagged, with its origin', async () => {
    expect((await cli(['init', project])).code).toBe(0);
    const human = await cli([
      'poses',
      'create',
      '--project',
      project,
      '--preset',
      't-pose',
      '--tag',
      'start',
    ]);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout.trim()).toBe('created pose 1 (preset:t-pose): 512x512, 17 labeled keypoints');
    const json = await cli(['poses', 'create', '--project', project, '--preset', 'lying', '--json']);
    const pose = JSON.parse(json.stdout) as Pose;
    expect(pose).toMatchObject({ id: 2, source: { format: 'editor', record: 'preset:lying' }, tags: [] });
    const listed = await cli(['poses', 'list', '--project', project, '--tag', 'start', '--json']);
    expect((JSON.parse(listed.stdout) as { total: number }).total).toBe(1);
  });

  it('augments a pose by jitter, mirror and interpolation', async () => {
    const jitter = await cli([
      'poses',
      'augment',
      '1',
      '--project',
      project,
      '--mode',
      'jitter',
      '--count',
      '4',
      '--seed',
      '2',
    ]);
    expect(jitter).toMatchObject({ code: 0, stderr: '' });
    expect(jitter.stdout.trim()).toBe('made 4 poses from pose 1 (jitter), tagged aug:jitter: poses 3-6');
    const mirror = await cli(['poses', 'augment', '1', '--project', project, '--mode', 'mirror', '--json']);
    expect(JSON.parse(mirror.stdout)).toEqual({ ids: [7], tag: 'aug:mirror' });
    const between = await cli([
      'poses',
      'augment',
      '1',
      '--project',
      project,
      '--mode',
      'interpolate',
      '--other',
      '2',
      '--count',
      '2',
      '--json',
    ]);
    expect(JSON.parse(between.stdout)).toEqual({ ids: [8, 9], tag: 'aug:interpolate' });
    const count = await cli(['poses', 'count', '--project', project, '--tag', 'aug:jitter']);
    expect(count.stdout.trim()).toBe('4 poses');
  });

  it('refuses bad arguments and unknown poses without adding any', async () => {
    const usage = await cli(['poses', 'augment', '1', '--project', project, '--mode', 'interpolate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--other ID/);
    const preset = await cli(['poses', 'create', '--project', project, '--preset', 'nope']);
    expect(preset.code).toBe(2);
    const missing = await cli(['poses', 'augment', '99', '--project', project, '--mode', 'mirror']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error \[NOT_FOUND\]/);
    expect((await cli(['poses', 'count', '--project', project])).stdout.trim()).toBe('9 poses');
    expect((await cli(['--help'])).stdout).toMatch(
      /poses augment ID --project DIR --mode jitter\|mirror\|interpolate/,
    );
  });
});
