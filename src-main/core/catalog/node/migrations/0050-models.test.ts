import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ModelReport } from '../../../../contract';
import { migrate } from './registry';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-generation';
import { migration0030 } from './0030-training';
import { migration0040 } from './0040-quality';
import { migration0050 } from './0050-models';
import {
  findDuplicate,
  getDefaultModel,
  insertModel,
  jobUsingModel,
  listModels,
  readSettings,
  removeModel,
  updateModel,
  writeSettings,
  type NewModel,
} from '../modelsRepo';

const before = [migration0010, migration0020, migration0030, migration0040];

function migrated(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [...before, migration0050]);
  return db;
}

function report(hash: string, path = `/models/${hash}`): ModelReport {
  return {
    ...{ path, layout: 'optimum', ok: true, hash, totalBytes: 1234, latentChannels: 4, textHiddenSize: 768 },
    ...{ residualCount: 13, vaeScalingFactor: 0.18215, issues: [] },
    components: [
      {
        ...{ name: 'unet', file: 'unet/model.onnx', bytes: 1000, precision: 'float16' },
        inputs: [{ name: 'timestep', dtype: 'int64', shape: ['steps'] }],
        outputs: [{ name: 'out_sample', dtype: 'float16', shape: ['batch', 4, 'h', 'w'] }],
      },
    ],
  };
}

const model = (hash: string, patch: Partial<NewModel> = {}): NewModel => ({
  ...{ name: hash, path: `/models/${hash}`, controlnetPath: null, provider: 'cpu', report: report(hash) },
  ...patch,
});

const defaults = (db: Database.Database) =>
  listModels(db)
    .filter((m) => m.isDefault)
    .map((m) => m.name);

function queueGenerate(db: Database.Database, params: object, state = 'queued'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO jobs (kind, title, params, state, unit, created_at, updated_at)
         VALUES ('generate', 'g', ?, ?, 'variants', 1, 1)`,
      )
      .run(JSON.stringify(params), state).lastInsertRowid,
  );
}

describe('migration 0050 (models and settings)', () => {
  it('adds the tables to a catalog at version 40 and leaves its rows alone', () => {
    const db = new Database(':memory:');
    migrate(db, before);
    db.exec(`INSERT INTO poses (width, height, keypoints, labeled_count, visible_count, format, created_at, updated_at)
             VALUES (1, 1, '[]', 0, 0, 'coco', 1, 1)`);
    expect(migrate(db, [...before, migration0050]).applied).toEqual(['50-models']);
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    expect(db.prepare('SELECT count(*) AS n FROM poses').get()).toEqual({ n: 1 });
    expect(listModels(db)).toEqual([]);
    expect(readSettings(db)).toEqual({ provider: 'cpu' });
  });

  it('keeps a path and a hash once, and at most one default model', () => {
    const db = migrated();
    const insert = db.prepare(
      `INSERT INTO models (name, path, layout, hash, total_bytes, provider, is_default, added_at, report_json)
       VALUES ('m', ?, 'optimum', ?, 1, 'cpu', ?, 1, '{}')`,
    );
    insert.run('/a', 'h1', 1);
    expect(() => insert.run('/a', 'h2', 0)).toThrow(/UNIQUE constraint failed: models.path/);
    expect(() => insert.run('/b', 'h1', 0)).toThrow(/UNIQUE constraint failed: models.hash/);
    expect(() => insert.run('/b', 'h2', 1)).toThrow(/UNIQUE constraint failed: models.is_default/);
    insert.run('/b', 'h2', 0);
    expect(() => insert.run('/c', 'h3', 2)).toThrow(/CHECK constraint failed/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM models WHERE is_default = 1').all() as {
      detail: string;
    }[];
    expect(plan.map((row) => row.detail).join(' | ')).toMatch(/USING INDEX models_one_default/);
  });
});

describe('modelsRepo', () => {
  it('makes the first model the default and keeps the report, provider and ControlNet path', () => {
    const db = migrated();
    const first = insertModel(db, model('a', { provider: 'cuda', controlnetPath: '/cn/openpose.onnx' }), 10);
    const second = insertModel(db, model('b'), 11);
    expect(first).toMatchObject({ isDefault: true, provider: 'cuda', controlnetPath: '/cn/openpose.onnx' });
    expect(first).toMatchObject({ layout: 'optimum', hash: 'a', totalBytes: 1234, addedAt: 10 });
    expect(first.report).toEqual(report('a'));
    expect(second.isDefault).toBe(false);
    expect(getDefaultModel(db)?.id).toBe(first.id);
    expect(findDuplicate(db, '/models/b', 'zzz')?.id).toBe(second.id);
    expect(findDuplicate(db, '/elsewhere', 'a')?.id).toBe(first.id);
    expect(findDuplicate(db, '/elsewhere', 'zzz')).toBeUndefined();
  });

  it('moves the default in one update, renames, changes the provider, and can leave none', () => {
    const db = migrated();
    const a = insertModel(db, model('a'), 1);
    const b = insertModel(db, model('b'), 2);
    expect(updateModel(db, b.id, { isDefault: true, name: 'Bee', provider: 'dml' })).toMatchObject({
      ...{ name: 'Bee', provider: 'dml', isDefault: true },
    });
    expect(defaults(db)).toEqual(['Bee']);
    updateModel(db, b.id, { isDefault: true });
    expect(defaults(db)).toEqual(['Bee']);
    updateModel(db, b.id, { isDefault: false });
    expect(defaults(db)).toEqual([]);
    // With no default, the next model added becomes it.
    const c = insertModel(db, model('c'), 3);
    expect(c.isDefault).toBe(true);
    expect(() => updateModel(db, 99, { name: 'x' })).toThrow(/no model 99/);
    expect(getDefaultModel(db)?.name).toBe('c');
    expect(listModels(db).map((m) => m.id)).toEqual([a.id, b.id, c.id]);
  });

  it('removes a row and hands the default to the oldest model left', () => {
    const db = migrated();
    const a = insertModel(db, model('a'), 1);
    const b = insertModel(db, model('b'), 2);
    insertModel(db, model('c'), 3);
    expect(removeModel(db, a.id)).toBe(true);
    expect(defaults(db)).toEqual(['b']);
    expect(removeModel(db, a.id)).toBe(false);
    updateModel(db, listModels(db)[1]!.id, { isDefault: true });
    expect(removeModel(db, b.id)).toBe(true);
    expect(defaults(db)).toEqual(['c']);
  });

  it('finds unfinished model-generator jobs naming a model, or naming none while it is the default', () => {
    const db = migrated();
    const a = insertModel(db, model('a'), 1);
    const b = insertModel(db, model('b'), 2);
    queueGenerate(db, { generator: 'mannequin', options: {} });
    queueGenerate(db, { generator: 'sd-controlnet', options: { modelId: b.id } }, 'done');
    expect([jobUsingModel(db, a), jobUsingModel(db, b)]).toEqual([null, null]);
    const usesDefault = queueGenerate(db, { generator: 'sd-controlnet', options: {} }, 'paused');
    expect([jobUsingModel(db, a), jobUsingModel(db, b)]).toEqual([usesDefault, null]);
    const usesB = queueGenerate(db, { generator: 'sd-controlnet', options: { modelId: b.id } }, 'running');
    expect(jobUsingModel(db, b)).toBe(usesB);
  });

  it('reads an unreadable stored report as a stand-in that says to add the model again', () => {
    const db = migrated();
    const a = insertModel(db, model('a'), 1);
    db.prepare(`UPDATE models SET report_json = '{"old": true}' WHERE id = ?`).run(a.id);
    const [read] = listModels(db);
    expect(read!.report).toMatchObject({ path: '/models/a', hash: 'a', totalBytes: 1234, components: [] });
    expect(read!.report.issues[0]?.message).toMatch(/older Pose Studio/);
  });

  it('writes settings and reads unknown or unreadable values as defaults', () => {
    const db = migrated();
    expect(writeSettings(db, { provider: 'cuda' })).toEqual({ provider: 'cuda' });
    expect(writeSettings(db, {})).toEqual({ provider: 'cuda' });
    expect(readSettings(db)).toEqual({ provider: 'cuda' });
    db.prepare(`UPDATE settings SET value = '"tpu"' WHERE key = 'provider'`).run();
    expect(readSettings(db)).toEqual({ provider: 'cpu' });
    db.prepare(`UPDATE settings SET value = 'not json' WHERE key = 'provider'`).run();
    expect(readSettings(db)).toEqual({ provider: 'cpu' });
  });
});
