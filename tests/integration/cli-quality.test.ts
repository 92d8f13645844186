/**
 * Integration: `pose-studio score` and `pose-studio review` on a real project with the built-in
 * scorer (BlazeFace in the quality worker threads): scoring with a progress bar, Ctrl+C pausing
 * and `jobs resume` finishing only what was left, scoring only new variants, rules previewed and
 * applied with --json, undo, hand decisions, and usage errors for bad rules.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliInterruptedOn } from '../helpers/cli';
import { catalogRows } from '../helpers/generation';
import { tempDir } from '../helpers/paths';

describe('pose-studio score and review', () => {
  const project = join(tempDir(), 'project');
  const p = ['--project', project];
  const scored = () => catalogRows<{ n: number }>(project, 'SELECT count(*) AS n FROM variant_quality')[0]!.n;

  it('scores a run, pausing on Ctrl+C and finishing with jobs resume', async () => {
    expect((await cli(['init', project, '--sample', '--per-preset', '1'])).code).toBe(0);
    expect((await cli(['generate', ...p, '--variants', '2', '--size', '64'])).code).toBe(0);
    const total = catalogRows<{ n: number }>(project, 'SELECT count(*) AS n FROM variants')[0]!.n;
    const paused = await cliInterruptedOn(['score', ...p], /scoring \d+ unscored variants \(job \d+\)/);
    expect(paused.code).toBe(130);
    expect(paused.stdout).toMatch(/^scoring paused after \d+ of \d+ variants/);
    const jobId = /pose-studio jobs resume (\d+)/.exec(paused.stderr)![1]!;
    expect(scored()).toBeLessThan(total);
    const resumed = await cli(['jobs', 'resume', jobId, ...p]);
    expect(resumed.code).toBe(0);
    expect(scored()).toBe(total);
    const again = await cli(['score', ...p]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/^scored 0 of 0 variants/)]);
  }, 240_000);

  it('rescores with --json and a progress bar on stderr', async () => {
    const result = await cli(['score', ...p, '--rescore', '--run', '1', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/scoring \d+ variants \(job \d+\); Ctrl\+C pauses/);
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'done', count: scored(), failed: 0 });
  }, 240_000);

  it('previews rules, applies them, and undoes the batch', async () => {
    const dry = await cli(['review', ...p, '--apply-rules', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/face\.landmarks\s+> [\d.]+\s+\d+\n/);
    expect(dry.stdout).toMatch(/total: \d+ of \d+ scored variants looked at/);
    // Entropy is at most 8 bits: a limit of 9 catches every scored image, whatever the scorer says.
    const rules = ['--rule', 'face.confidence=off', '--rule', 'face.size=off', '--rule', 'image.entropy=9'];
    const preview = JSON.parse(
      (await cli(['review', ...p, '--apply-rules', '--dry-run', '--json', ...rules])).stdout,
    );
    expect(preview.rules.find((r: { check: string }) => r.check === 'face.confidence')).toMatchObject({
      enabled: false,
    });
    const applied = await cli(['review', ...p, '--apply-rules', '--json', ...rules]);
    const result = JSON.parse(applied.stdout);
    expect([preview.total, result.rejected]).toEqual([scored(), scored()]);
    const rejected = catalogRows<{ n: number }>(
      project,
      "SELECT count(*) AS n FROM variants WHERE status = 'rejected' AND decided_by = 'auto' AND reason LIKE 'auto: %'",
    )[0]!.n;
    expect(rejected).toBe(preview.total);
    if (result.batch) {
      const undone = await cli(['review', ...p, '--undo']);
      expect(undone.stdout).toMatch(
        new RegExp(`^undid batch ${result.batch.id} \\(rules: .*\\): ${preview.total} variants restored`),
      );
    }
    const left = catalogRows<{ n: number }>(
      project,
      "SELECT count(*) AS n FROM variants WHERE decided_by = 'auto'",
    )[0]!.n;
    expect(left).toBe(0);
  }, 120_000);

  it('decides by hand, lists batches, and refuses bad options', async () => {
    const set = await cli(['review', ...p, '--set', 'accepted', '--ids', '1,2', '--json']);
    expect(JSON.parse(set.stdout)).toMatchObject({ updated: 2, matched: 2 });
    const batches = await cli(['review', ...p, '--batches']);
    expect(batches.stdout.split('\n')[0]).toMatch(/^\s+\d+\s+hand\s+2\s+accepted 2 variants$/);
    const unknown = await cli(['review', ...p, '--apply-rules', '--rule', 'face.beauty=1']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/unknown check "face.beauty"/)]);
    const badLimit = await cli(['review', ...p, '--apply-rules', '--rule', 'image.blur=soft']);
    expect(badLimit.stderr).toMatch(/--rule expects CHECK=LIMIT or CHECK=off/);
    const none = await cli(['review', ...p]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringMatching(/review needs one of --set/)]);
    const twice = await cli(['review', ...p, '--undo', '--apply-rules']);
    expect(twice.code).toBe(2);
  }, 120_000);
});
