/**
 * Integration: diffusion models over the contract, in memory and over HTTP + WebSocket, on a real
 * studio with tiny SD 1.5 + ControlNet folders built by tests/helpers/sdModels: inspect stores
 * nothing; add refuses a broken folder with the file and input in the message and stores nothing;
 * the first model is the default; duplicates (same folder, same files elsewhere) are refused; the
 * default moves in one update; remove keeps the files, hands the default on, and is refused while
 * an unfinished generation job uses the model; the provider setting round-trips; catalog.changed
 * is emitted for models and settings.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioError } from '../../src-main/contract';
import { errorOf, eventually } from '../contract/suite';
import { makeHttpHarness, makeMemoryHarness, type Harness, type MakeHarness } from '../contract/harness';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels/folder';

const dir = tempDir('pose-studio-models-');
const good = buildSdModelFolder(join(dir, 'sd15-a'), { layout: 'optimum' }).root;
const other = buildSdModelFolder(join(dir, 'sd15-b'), { layout: 'diffusers-onnx', seed: 2 }).root;
const broken = buildSdModelFolder(join(dir, 'broken'), { layout: 'optimum', broken: 'input-dtype' }).root;
const copy = join(dir, 'sd15-a-copy');
cpSync(good, copy, { recursive: true });

function modelsEvents(h: Harness): string[] {
  return h.events
    .filter((e) => e.event === 'catalog.changed')
    .map((e) => e.payload as { entity: string; reason: string })
    .filter((p) => p.entity === 'models' || p.entity === 'settings')
    .map((p) => `${p.entity}:${p.reason}`);
}

describe.each<[string, MakeHarness]>([
  ['memory', makeMemoryHarness],
  ['HTTP + WebSocket', makeHttpHarness],
])('models over %s', (name, makeHarness) => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await makeHarness();
    project = join(tempDir(), 'project');
    await h.client.call('project.create', { path: project });
  });
  afterAll(() => h.close());

  it('inspects a folder without storing it, and refuses a broken one naming file and input', async () => {
    const report = await h.client.call('models.inspect', { path: good });
    expect(report).toMatchObject({ path: good, layout: 'optimum', ok: true });
    expect(report.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['textEncoder', 'unet', 'controlnet', 'vaeDecoder', 'tokenizer']),
    );
    expect(report.hash.length).toBeGreaterThan(8);
    const refused = await h.client.call('models.inspect', { path: broken });
    expect(refused.ok).toBe(false);
    expect((await h.client.call('models.list', {})).items).toEqual([]);

    const error: StudioError = await errorOf(h.client.call('models.add', { path: broken }));
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.message).toContain(broken);
    expect(error.message).toContain('text_encoder/model.onnx');
    expect(error.message).toContain('input_ids');
    expect(error.details).toMatchObject({ path: broken });
    expect((await h.client.call('models.list', {})).items).toEqual([]);
  }, 60_000);

  it('adds models (the first is the default) and refuses the same folder or the same files twice', async () => {
    const first = await h.client.call('models.add', { path: good, name: 'SD A', provider: 'cpu' });
    expect(first).toMatchObject({
      name: 'SD A',
      path: good,
      layout: 'optimum',
      provider: 'cpu',
      isDefault: true,
    });
    expect(first.report.ok).toBe(true);
    expect(first.totalBytes).toBe(first.report.totalBytes);
    const second = await h.client.call('models.add', { path: other });
    expect(second).toMatchObject({ name: 'sd15-b', layout: 'diffusers-onnx', isDefault: false });

    const samePath = await errorOf(h.client.call('models.add', { path: good }));
    expect([samePath.code, samePath.message]).toEqual(['CONFLICT', expect.stringContaining('this folder')]);
    const sameFiles = await errorOf(h.client.call('models.add', { path: copy }));
    expect([sameFiles.code, sameFiles.message]).toEqual([
      'CONFLICT',
      expect.stringContaining('the same files'),
    ]);
    const { items } = await h.client.call('models.list', {});
    expect(items.map((m) => [m.name, m.isDefault])).toEqual([
      ['SD A', true],
      ['sd15-b', false],
    ]);
    await eventually(() => expect(modelsEvents(h)).toEqual(['models:added', 'models:added']));
  }, 60_000);

  it('moves the default in one update, changes the provider, and keeps the setting', async () => {
    const { items } = await h.client.call('models.list', {});
    const b = items[1];
    const updated = await h.client.call('models.update', { id: b!.id, isDefault: true, provider: 'cuda' });
    expect(updated).toMatchObject({ isDefault: true, provider: 'cuda' });
    const after = (await h.client.call('models.list', {})).items;
    expect(after.map((m) => m.isDefault)).toEqual([false, true]);
    expect((await errorOf(h.client.call('models.update', { id: 999, name: 'x' }))).code).toBe('NOT_FOUND');

    expect(await h.client.call('settings.get', {})).toEqual({ provider: 'cpu' });
    expect(await h.client.call('settings.update', { provider: 'webgpu' })).toEqual({ provider: 'webgpu' });
    const providers = await h.client.call('providers.list', {});
    expect(providers.default).toBe('webgpu');
    expect(providers.items.map((p) => p.id)).toEqual(expect.arrayContaining(['cpu', 'cuda', 'dml']));
    expect(providers.items.find((p) => p.id === 'cpu')?.listed).toBe(true);
    await h.client.call('settings.update', { provider: 'cpu' });
    await eventually(() => expect(modelsEvents(h)).toContain('settings:updated'));
  });

  it('removes the row only, hands the default on, and refuses while a queued run uses the model', async () => {
    const [a, b] = (await h.client.call('models.list', {})).items;
    // An unfinished run of the model generator that names no model uses the default (b).
    const db = new Database(join(project, 'studio.sqlite'));
    const params = JSON.stringify({ generator: 'sd-controlnet', options: {} });
    const jobId = db
      .prepare(
        `INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
         VALUES ('generate', 'g', ?, 'paused', 'variants', 1, 1)`,
      )
      .run(params).lastInsertRowid;
    const refused = await errorOf(h.client.call('models.remove', { id: b!.id }));
    expect([refused.code, refused.message]).toEqual(['CONFLICT', expect.stringContaining(`job ${jobId}`)]);
    db.prepare(`UPDATE jobs SET state = 'cancelled' WHERE id = ?`).run(jobId);
    db.close();

    expect(await h.client.call('models.remove', { id: b!.id })).toEqual({ removed: true });
    expect(await h.client.call('models.remove', { id: b!.id })).toEqual({ removed: false });
    expect(existsSync(join(other, 'unet/model.onnx'))).toBe(true);
    const left = (await h.client.call('models.list', {})).items;
    expect(left.map((m) => [m.id, m.isDefault])).toEqual([[a!.id, true]]);
    await eventually(() => expect(modelsEvents(h)).toContain('models:removed'));
  }, 30_000);

  it(`answers NO_PROJECT for catalog methods when no project is open (${name})`, async () => {
    await h.client.call('project.close', {});
    expect((await errorOf(h.client.call('models.list', {}))).code).toBe('NO_PROJECT');
    expect((await errorOf(h.client.call('settings.get', {}))).code).toBe('NO_PROJECT');
    expect((await h.client.call('providers.list', {})).default).toBe('cpu');
    expect((await h.client.call('models.inspect', { path: good })).ok).toBe(true);
  }, 30_000);
});
