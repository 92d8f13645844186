/**
 * Integration: `pose-studio models ...` on a real project with tiny SD 1.5 + ControlNet folders:
 * inspect prints the components, dtypes, sizes and issues (exit 1 when the folder would be refused,
 * and it needs no project), add refuses a broken folder naming file and input, add / list / default
 * / remove with --json, providers, and usage errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels/folder';

describe('pose-studio models', () => {
  const dir = tempDir('pose-studio-cli-models-');
  const project = join(dir, 'project');
  const p = ['--project', project];
  const good = buildSdModelFolder(join(dir, 'sd15'), { layout: 'optimum' }).root;
  const other = buildSdModelFolder(join(dir, 'stack'), { layout: 'onnxstack', seed: 3 });
  const broken = buildSdModelFolder(join(dir, 'broken'), { layout: 'optimum', broken: 'input-dtype' }).root;

  it('inspects without a project: the report, and exit code 1 for a folder that would be refused', async () => {
    const ok = await cli(['models', 'inspect', good]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain(good);
    expect(ok.stdout).toMatch(/layout optimum; [\d.]+ [KM]?B; hash [0-9a-f]+/);
    expect(ok.stdout).toContain('OK: can be added');
    expect(ok.stdout).toMatch(/ {2}unet {9}unet\/model\.onnx {2}[\d.]+ [KM]?B {2}float32/);
    expect(ok.stdout).toMatch(/ {6}in {2}timestep\s+float32 {2}\[\]\n/);
    const refused = await cli(['models', 'inspect', broken, '--json']);
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.stdout);
    expect(report.ok).toBe(false);
    const text = await cli(['models', 'inspect', broken]);
    expect(text.stdout).toMatch(/REFUSED: \d+ errors?/);
    expect(text.stdout).toMatch(/\n {2}error {4}text_encoder\/model\.onnx, input_ids: is float32/);
  }, 60_000);

  it('refuses to add a broken folder, then adds, lists, sets the default and removes', async () => {
    expect((await cli(['init', project])).code).toBe(0);
    const refused = await cli(['models', 'add', broken, ...p]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error \[MALFORMED_FILE\]: model folder .*broken refused/);
    expect(refused.stderr).toContain('text_encoder/model.onnx, input_ids: is float32');

    const added = await cli(['models', 'add', good, '--name', 'SD 1.5', ...p]);
    expect([added.code, added.stdout]).toEqual([
      0,
      'added model 1 "SD 1.5" (optimum, cpu, the default model)\n',
    ]);
    const second = await cli([
      ...['models', 'add', other.root, '--controlnet', other.controlnet, '--provider', 'cuda', '--json'],
      ...p,
    ]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ id: 2, layout: 'onnxstack', provider: 'cuda' });

    const list = await cli(['models', 'list', ...p]);
    expect(list.stdout.split('\n')[1]).toMatch(
      /^ {4}1 \* {2}SD 1\.5 {2}optimum {9}[\d.]+ [KM]?B\s+cpu\s+[0-9a-f]{12} {2}\//,
    );
    expect((await cli(['models', 'default', '2', ...p])).stdout).toBe('model 2 "stack" is now the default\n');
    const listed = JSON.parse((await cli(['models', 'list', '--json', ...p])).stdout);
    expect(listed.map((m: { isDefault: boolean }) => m.isDefault)).toEqual([false, true]);

    const removed = await cli(['models', 'remove', '2', ...p]);
    expect([removed.code, removed.stdout]).toEqual([0, 'removed model 2 (its files were left in place)\n']);
    expect(existsSync(other.unet)).toBe(true);
    expect((await cli(['models', 'remove', '2', ...p])).code).toBe(1);
  }, 120_000);

  it('lists providers, and reports usage errors', async () => {
    const providers = await cli(['models', 'providers', ...p]);
    expect(providers.stdout).toMatch(/^\* cpu {5}listed/m);
    expect((await cli(['models', 'add', good, '--provider', 'tpu', ...p])).stderr).toMatch(
      /--provider expects cpu\|cuda\|dml\|coreml\|webgpu, got "tpu"/,
    );
    expect((await cli(['models', 'list'])).stderr).toMatch(/needs --project DIR/);
    expect((await cli(['models', 'default', 'x', ...p])).code).toBe(2);
    expect((await cli(['models', 'frobnicate', ...p])).stderr).toMatch(/unknown models subcommand/);
  }, 60_000);
});
