import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type ModelReport } from '../../../../contract';
import { tempDir } from '../../../../../tests/helpers/paths';
import { buildSdModelFolder } from '../../../../../tests/helpers/sdModels';
import { insertModel, updateModel } from '../../../catalog/node/modelsRepo';
import { migrate } from '../../../catalog/node/migrations/registry';
import { inspectModelFolder } from './inspect';
import { prepareSdOptions, sdAvailability } from './sdGeneratorHost';
import { RESOLVED_MODEL_KEY } from './sdGeneratorOptions';

let report: ModelReport;
beforeAll(async () => {
  report = await inspectModelFolder(
    buildSdModelFolder(join(tempDir('sd-host-'), 'sd'), { layout: 'optimum' }).root,
  );
});

function catalog(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

const size = { width: 64, height: 64 };

function refusal(run: () => unknown): StudioError {
  try {
    run();
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('sd-controlnet host: which model a run uses', () => {
  it('resolves the default model into the stored options', () => {
    const db = catalog();
    const model = insertModel(
      db,
      { name: 'Tiny', path: report.path, controlnetPath: null, provider: 'cpu', report },
      1,
    );
    const options = prepareSdOptions(db, { steps: 2 }, size);
    expect(options).toMatchObject({ steps: 2, modelId: model.id, [RESOLVED_MODEL_KEY]: { id: model.id } });
    expect(sdAvailability(db)).toEqual({ available: true, reason: null });
  });

  it('says there are models but none is the default (not "add a model") when the default was unset', () => {
    const db = catalog();
    expect(refusal(() => prepareSdOptions(db, {}, size)).message).toMatch(
      /no model to generate with.*Models page/,
    );
    const model = insertModel(
      db,
      { name: 'Tiny', path: report.path, controlnetPath: null, provider: 'cpu', report },
      1,
    );
    updateModel(db, model.id, { isDefault: false });
    const error = refusal(() => prepareSdOptions(db, {}, size));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('no model is the default');
    expect(error.message).toContain(`${model.id} (Tiny)`);
    expect(error.message).not.toMatch(/Models page/);
    expect(prepareSdOptions(db, { modelId: model.id }, size)).toMatchObject({ modelId: model.id });
  });
});
