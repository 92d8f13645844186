/**
 * Integration: the `pose-studio` command line over a real project: init, import with progress,
 * list/count with filters, export, doctor (with --repair), --json output, and clear refusals.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { poseFixture, repoRoot, tempDir } from '../helpers/paths';

describe('pose-studio CLI', () => {
  const dir = tempDir();
  const project = join(dir, 'project');

  it('creates a project with init and refuses to create it twice', async () => {
    const first = await cli(['init', project]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`created project ${project}`);
    for (const name of ['studio.sqlite', 'media', 'runs', 'exports'])
      expect(existsSync(join(project, name))).toBe(true);
    const again = await cli(['init', project]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error \[PROJECT_EXISTS\]/);
  });

  it('imports a folder of OpenPose files and a COCO file, with a summary per file', async () => {
    const folder = await cli([
      'import',
      poseFixture('openpose/sith_body25_hand_face'),
      '--project',
      project,
      '--tag',
      'sith',
    ]);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toMatch(/imported 12 poses from 12 of 12 files/);
    const coco = await cli([
      'import',
      poseFixture('coco/mmpose_test_coco.json'),
      '--project',
      project,
      '--json',
    ]);
    expect(coco.code).toBe(0);
    const report = JSON.parse(coco.stdout) as { imported: number; skipped: Record<string, number> };
    expect(report.imported).toBe(12);
    expect(report.skipped).toEqual({ 'no-keypoints': 2 });
    expect(coco.stderr).toMatch(/100%/);
  });

  it('counts and lists with filters and sorting', async () => {
    expect((await cli(['poses', 'count', '--project', project])).stdout.trim()).toBe('24 poses');
    expect((await cli(['poses', 'count', '--project', project, '--tag', 'sith'])).stdout.trim()).toBe(
      '12 poses',
    );
    const listed = await cli([
      'poses',
      'list',
      '--project',
      project,
      '--sort',
      'labeled:desc',
      '--limit',
      '5',
      '--json',
    ]);
    const page = JSON.parse(listed.stdout) as { items: { labeledCount: number }[]; total: number };
    expect(page.total).toBe(24);
    expect(page.items).toHaveLength(5);
    const counts = page.items.map((p) => p.labeledCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const human = await cli(['poses', 'list', '--project', project, '--limit', '2']);
    expect(human.stdout).toMatch(/2 of 24 poses/);
  });

  it('exports a filtered selection to a chosen file', async () => {
    const out = join(dir, 'sith.json');
    const result = await cli([
      'export',
      '--project',
      project,
      '--format',
      'coco',
      '--tag',
      'sith',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const coco = JSON.parse(readFileSync(out, 'utf8')) as { annotations: unknown[]; images: unknown[] };
    expect(coco.annotations).toHaveLength(12);
    expect(coco.images).toHaveLength(12);
  });

  it('refuses a malformed file with the file, record and field, and imports nothing', async () => {
    const bad = join(dir, 'bad-openpose.json');
    writeFileSync(bad, JSON.stringify({ version: 1.3, people: [{ pose_keypoints_2d: [1, 2, 'x'] }] }));
    const result = await cli(['import', bad, '--project', project]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[MALFORMED_FILE\].*bad-openpose\.json/);
    expect((await cli(['poses', 'count', '--project', project])).stdout.trim()).toBe('24 poses');
  });

  it('doctor finds leftovers and repairs them', async () => {
    expect((await cli(['doctor', '--project', project])).code).toBe(0);
    writeFileSync(join(project, 'media', 'stray.png'), 'x');
    writeFileSync(join(project, 'exports', 'half.json.1234.tmp'), 'x');
    const found = await cli(['doctor', '--project', project, '--json']);
    expect(found.code).toBe(1);
    const kinds = (JSON.parse(found.stdout) as { issues: { kind: string }[] }).issues
      .map((i) => i.kind)
      .sort();
    expect(kinds).toEqual(['orphan-file', 'temp-file']);
    expect((await cli(['doctor', '--project', project, '--repair'])).code).toBe(0);
    expect(existsSync(join(project, 'media', 'stray.png'))).toBe(false);
    expect((await cli(['doctor', '--project', project])).stdout).toMatch(/all clean/);
  });

  it('answers usage errors with exit code 2 and help', async () => {
    expect((await cli(['poses', 'list'])).code).toBe(2);
    expect((await cli(['frobnicate', '--project', project])).stderr).toMatch(/unknown command "frobnicate"/);
    expect((await cli(['poses', 'list', '--project', project, '--limit', 'many'])).stderr).toMatch(
      /--limit expects a number/,
    );
    expect((await cli(['--help'])).stdout).toMatch(/usage: pose-studio/);
    expect((await cli(['import', 'x.json', '--project', join(dir, 'nope')])).stderr).toMatch(
      /NOT_FOUND.*not a Pose Studio project|no folder/,
    );
  });

  it('runs as a real process through bin/pose-studio.mjs', () => {
    const output = execFileSync(
      process.execPath,
      [join(repoRoot, 'bin/pose-studio.mjs'), 'poses', 'count', '--project', project],
      {
        encoding: 'utf8',
      },
    );
    expect(output.trim()).toBe('24 poses');
  });
});
