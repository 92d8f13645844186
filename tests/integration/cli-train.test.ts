/**
 * Integration: the training commands of the `pose-studio` CLI on a real project: review accepts the
 * generated variants, train runs with a progress bar and a --json summary, train list, eval prints
 * the probe table, export-model writes the encoder; bad options are usage errors (exit 2) and the
 * core's refusals exit 1 with the reason.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainRunDetail } from '../../src-main/contract';
import { loadPresets } from '../../src-main/core/pose/presets';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

describe('pose-studio review, train, eval, export-model', () => {
  const project = join(tempDir(), 'project');
  const p = ['--project', project];
  const train = ['train', ...p, '--recipe', 'genpoccl', '--model', 'micro', '--batch', '4x2', '--steps', '8'];

  it('refuses to train before anything is accepted, then review accepts a run', async () => {
    expect((await cli(['init', project, '--sample', '--per-preset', '2'])).code).toBe(0);
    const gen = await cli(['generate', ...p, '--variants', '3', '--size', '64']);
    expect(gen.code).toBe(0);
    const refused = await cli([...train]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/INVALID_INPUT.*no accepted variants/);
    const review = await cli(['review', ...p, '--set', 'accepted', '--run', '1']);
    expect(review.code).toBe(0);
    const variants = loadPresets().length * 2 * 3; // presets x 2 sample poses x 3 variants
    expect(review.stdout).toMatch(new RegExp(`^${variants} of ${variants} variants set to accepted`));
  });

  it('trains with a progress bar and prints the run, or its JSON', async () => {
    const human = await cli([...train, '--checkpoint-every', '4']);
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/training run 1 \(job \d+\): genpoccl, 8 steps on \d+ variants/);
    expect(human.stdout).toMatch(/training run 1 done: genpoccl, step 8\/8/);
    expect(human.stdout).toMatch(/checkpoints: 4, 8/);
    const json = await cli([...train, '--json', '--seed', '3']);
    const detail = JSON.parse(json.stdout) as TrainRunDetail;
    expect(detail.run).toMatchObject({ id: 2, state: 'done', step: 8 });
    expect(detail.metrics.length).toBeGreaterThan(0);
    const list = await cli(['train', 'list', ...p]);
    expect(list.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('evaluates a run and exports its encoder', async () => {
    const evaluated = await cli(['eval', ...p, '--run', '1']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/run\s+recipe\s+step\s+PCK@0\.1/);
    expect(evaluated.stdout).toMatch(/\n\s+1\s+genpoccl\s+8\s+\d\.\d{3}/);
    const exported = await cli(['export-model', ...p, '--run', '1', '--format', 'onnx']);
    expect(exported.code).toBe(0);
    const path = /wrote (\S+)/.exec(exported.stdout)![1]!;
    expect(existsSync(path) && statSync(path).size > 10_000).toBe(true);
  });

  it('says what is wrong with bad options', async () => {
    expect((await cli(['train', ...p])).stderr).toMatch(/usage error: train needs --recipe/);
    const batch = await cli([...train, '--batch', '4']);
    expect([batch.code, batch.stderr]).toEqual([2, expect.stringMatching(/--batch expects GROUPSxMEMBERS/)]);
    const recipe = await cli(['train', ...p, '--recipe', 'mae']);
    expect(recipe.code).toBe(2);
    expect(recipe.stderr).toMatch(/recipe/);
    const format = await cli(['export-model', ...p, '--run', '1', '--format', 'pt']);
    expect(format.stderr).toMatch(/--format expects onnx, onnx-fp16 or timm-safetensors/);
    const missing = await cli(['eval', ...p, '--run', '99']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/NOT_FOUND.*training run 99/)]);
  });
});
