/**
 * @file Rows of `models` and `settings` (migration 50): diffusion model folders with the inspection
 * report made when each was added, the one default model, and the project's settings (the default
 * execution provider). Writers run inside the caller's write lock; each change that touches more
 * than one row (a new default, removing the default) is one transaction, so the partial unique index
 * on the default never sees two. Also answers whether an unfinished generation job uses a model.
 */
import type Database from 'better-sqlite3';
import {
  ExecutionProviderSchema,
  ModelLayoutSchema,
  ModelReportSchema,
  StudioError,
  type DiffusionModel,
  type ExecutionProvider,
  type ModelReport,
} from '../../../contract';
import { StudioSettingsSchema, type StudioSettings } from '../../../contract/modelMethods';

type ModelRow = {
  id: number;
  name: string;
  path: string;
  layout: string;
  hash: string;
  total_bytes: number;
  provider: string;
  is_default: number;
  added_at: number;
  report_json: string;
  controlnet_path: string | null;
};

/** The generator that reads models, and the option naming its model (absent: the default model). */
export const MODEL_GENERATOR = 'sd-controlnet';
export const MODEL_OPTION = 'modelId';

export const DEFAULT_SETTINGS: StudioSettings = { provider: 'cpu' };

/**
 * The stored report, or (when the contract's report changed since it was written) a stand-in that
 * says so, so that listing never fails on an old row; adding the folder again refreshes it.
 */
function readReport(row: ModelRow): ModelReport {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(row.report_json);
  } catch {
    // Fall through to the stand-in below.
  }
  const report = ModelReportSchema.safeParse(parsed);
  if (report.success) return report.data;
  return {
    ...{ path: row.path, layout: ModelLayoutSchema.catch('unknown').parse(row.layout), ok: true },
    ...{ components: [], hash: row.hash, totalBytes: row.total_bytes, latentChannels: null },
    ...{ textHiddenSize: null, residualCount: null, vaeScalingFactor: 0.18215 },
    issues: [
      {
        ...{ severity: 'warning', component: null, file: null, tensor: null },
        message: 'the stored inspection report is from an older Pose Studio: remove and add the model again',
      },
    ],
  };
}

function toModel(row: ModelRow): DiffusionModel {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    layout: ModelLayoutSchema.catch('unknown').parse(row.layout),
    hash: row.hash,
    totalBytes: row.total_bytes,
    provider: ExecutionProviderSchema.catch('cpu').parse(row.provider),
    isDefault: row.is_default === 1,
    addedAt: row.added_at,
    report: readReport(row),
    controlnetPath: row.controlnet_path,
  };
}

/** Every model, oldest first. */
export function listModels(db: Database.Database): DiffusionModel[] {
  return (db.prepare('SELECT * FROM models ORDER BY added_at, id').all() as ModelRow[]).map(toModel);
}

export function getModel(db: Database.Database, id: number): DiffusionModel | undefined {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return row && toModel(row);
}

export function requireModel(db: Database.Database, id: number): DiffusionModel {
  const model = getModel(db, id);
  if (!model) throw new StudioError('NOT_FOUND', `no model ${id}`, { id });
  return model;
}

/** The default model (what generation uses when a run names none), if any. */
export function getDefaultModel(db: Database.Database): DiffusionModel | undefined {
  const row = db.prepare('SELECT * FROM models WHERE is_default = 1').get() as ModelRow | undefined;
  return row && toModel(row);
}

/** A model already holding this folder or (unless null) this content, if any; a path match comes first. */
export function findDuplicate(
  db: Database.Database,
  path: string,
  hash: string | null,
): DiffusionModel | undefined {
  const row = db
    .prepare('SELECT * FROM models WHERE path = ? OR hash = ? ORDER BY path = ? DESC LIMIT 1')
    .get(path, hash, path) as ModelRow | undefined;
  return row && toModel(row);
}

export type NewModel = {
  name: string;
  path: string;
  controlnetPath: string | null;
  provider: ExecutionProvider;
  report: ModelReport;
};

/** Insert a model; the first one (or any while none is the default) becomes the default. */
export function insertModel(db: Database.Database, model: NewModel, now: number): DiffusionModel {
  const { report } = model;
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO models (name, path, layout, hash, total_bytes, provider, is_default, added_at,
             report_json, controlnet_path)
           VALUES (?, ?, ?, ?, ?, ?, NOT EXISTS (SELECT 1 FROM models WHERE is_default = 1), ?, ?, ?)`,
        )
        .run(
          ...[model.name, model.path, report.layout, report.hash, report.totalBytes, model.provider],
          ...[now, JSON.stringify(report), model.controlnetPath],
        ).lastInsertRowid,
    );
    return requireModel(db, id);
  })();
}

export type ModelPatch = { name?: string; provider?: ExecutionProvider; isDefault?: boolean };

/** Rename, change the provider, or make (un)default, in one transaction; answers the updated model. */
export function updateModel(db: Database.Database, id: number, patch: ModelPatch): DiffusionModel {
  return db.transaction(() => {
    requireModel(db, id);
    if (patch.name !== undefined) db.prepare('UPDATE models SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.provider !== undefined)
      db.prepare('UPDATE models SET provider = ? WHERE id = ?').run(patch.provider, id);
    if (patch.isDefault === true) {
      db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1 AND id <> ?').run(id);
      db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
    } else if (patch.isDefault === false) {
      db.prepare('UPDATE models SET is_default = 0 WHERE id = ?').run(id);
    }
    return requireModel(db, id);
  })();
}

/**
 * Delete a model's row (its files are the user's and stay). When it was the default, the oldest
 * remaining model becomes the default, so a project with models always has one.
 */
export function removeModel(db: Database.Database, id: number): boolean {
  return db.transaction(() => {
    const removed = db.prepare('DELETE FROM models WHERE id = ? RETURNING is_default').get(id) as
      { is_default: number } | undefined;
    if (!removed) return false;
    if (removed.is_default === 1) {
      db.prepare(
        'UPDATE models SET is_default = 1 WHERE id = (SELECT id FROM models ORDER BY added_at, id LIMIT 1)',
      ).run();
    }
    return true;
  })();
}

/**
 * The id of an unfinished (queued, running or paused) generation job that uses the model: one of the
 * model generator's runs naming it in its options, or naming none while it is the default.
 */
export function jobUsingModel(db: Database.Database, model: Pick<DiffusionModel, 'id' | 'isDefault'>) {
  const row = db
    .prepare(
      `SELECT id FROM jobs
       WHERE state IN ('queued', 'running', 'paused') AND kind = 'generate'
         AND json_extract(params, '$.generator') = ?
         AND coalesce(json_extract(params, '$.options.${MODEL_OPTION}'), ?) = ?
       ORDER BY id LIMIT 1`,
    )
    .get(MODEL_GENERATOR, model.isDefault ? model.id : null, model.id) as { id: number } | undefined;
  return row?.id ?? null;
}

/** The project's settings; a key never written, or holding a value this version cannot read, is its default. */
export function readSettings(db: Database.Database): StudioSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const raw = new Map<string, unknown>();
  for (const { key, value } of rows) {
    try {
      raw.set(key, JSON.parse(value));
    } catch {
      // Unreadable: the key keeps its default.
    }
  }
  return {
    provider: StudioSettingsSchema.shape.provider.catch(DEFAULT_SETTINGS.provider).parse(raw.get('provider')),
  };
}

/** Write the given settings (one upsert per key, in one transaction); answers them all. */
export function writeSettings(db: Database.Database, patch: Partial<StudioSettings>): StudioSettings {
  return db.transaction(() => {
    const upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
    return readSettings(db);
  })();
}
