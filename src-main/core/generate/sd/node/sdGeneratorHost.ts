/**
 * @file The main-thread side of `sd-controlnet` (a GeneratorHost, see node/generatorCatalog.ts): is a
 * usable model cataloged in the open project (generators.list), and, when a run starts, which model
 * it uses (options.modelId, else the project's default), checked before any job exists: the
 * model is cataloged with a usable report, and every graph, the external weights they name and the
 * tokenizer files are still on disk (a refusal names the missing file). The resolved model (folder,
 * ControlNet path, hash, provider, report) is added to the run's stored options so every worker
 * item and a resumed job use exactly it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { StudioError, type DiffusionModel, type GenerateRequest } from '../../../../contract';
import { getDefaultModel, getModel, listModels } from '../../../catalog/node/modelsRepo';
import { readGraphFacts } from './modelFiles';
import { RESOLVED_MODEL_KEY, SD_GENERATOR_ID, type ResolvedSdModel } from './sdGeneratorOptions';
import { describeSignatures } from './signatures';

export const ADD_MODEL_HINT = 'Add an SD 1.5 + ControlNet-OpenPose model folder on the Models page';

/** What the catalog asks of a generator that needs the open project (see GeneratorCatalog). */
export interface SdAvailability {
  available: boolean;
  reason: string | null;
}

/** Problems that make a cataloged model unusable now, naming the file; empty when it is usable. */
export function modelProblems(model: DiffusionModel): string[] {
  const { report } = model;
  const errors = report.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  if (!report.ok || errors.length > 0)
    return errors.length > 0 ? errors : ['its inspection report is not ok'];
  try {
    describeSignatures(report);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const problems: string[] = [];
  for (const c of report.components) {
    const abs = resolve(model.path, c.file);
    if (c.name === 'tokenizer') {
      for (const f of ['vocab.json', 'merges.txt'])
        if (!existsSync(join(abs, f))) problems.push(`${join(abs, f)} is missing (tokenizer)`);
      continue;
    }
    if (!existsSync(abs)) {
      problems.push(`${abs} is missing (the ${c.name} graph)`);
      continue;
    }
    try {
      for (const ref of readGraphFacts(abs).externals) {
        const weights = join(dirname(abs), ref.location);
        if (!existsSync(weights)) problems.push(`${weights} is missing (external weights of ${c.file})`);
      }
    } catch (error) {
      problems.push(`${abs} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return [...new Set(problems)];
}

/** Whether a project holds a usable model: any model whose report is usable (files are checked at start). */
export function sdAvailability(db: Database.Database | null): SdAvailability {
  if (!db) return { available: false, reason: `Open a project. ${ADD_MODEL_HINT}` };
  const models = listModels(db);
  if (models.length === 0) return { available: false, reason: ADD_MODEL_HINT };
  const usable = models.some((m) => {
    try {
      return m.report.ok && describeSignatures(m.report) !== null;
    } catch {
      return false;
    }
  });
  if (usable) return { available: true, reason: null };
  return {
    available: false,
    reason: `No usable model: the cataloged model folders have errors. ${ADD_MODEL_HINT}`,
  };
}

const modelNames = (db: Database.Database) => listModels(db).map((m) => `${m.id} (${m.name})`);

function pickModel(db: Database.Database, modelId: unknown): DiffusionModel {
  if (typeof modelId === 'number') {
    const model = getModel(db, modelId);
    if (model) return model;
    throw new StudioError(
      'INVALID_INPUT',
      `options of ${SD_GENERATOR_ID}: model ${modelId} does not exist; models: ${modelNames(db).join(', ') || 'none'}`,
      { field: 'options.modelId' },
    );
  }
  const model = getDefaultModel(db);
  if (model) return model;
  // Models can be left without a default (models.update isDefault: false): say so, not "add one".
  const known = modelNames(db);
  throw new StudioError(
    'INVALID_INPUT',
    known.length === 0
      ? `${SD_GENERATOR_ID} has no model to generate with. ${ADD_MODEL_HINT}.`
      : `${SD_GENERATOR_ID}: no model is the default; pick one in options.modelId or make one the default (models: ${known.join(', ')})`,
    { field: 'options.modelId' },
  );
}

/**
 * The options to store for a run: the parsed options with the model resolved (modelId set to it, so
 * a later default does not change what the run uses). Refuses sizes that are not multiples of 8
 * and a missing or unusable model, naming the file, before any job is created.
 */
export function prepareSdOptions(
  db: Database.Database,
  options: Record<string, unknown>,
  request: Pick<GenerateRequest, 'width' | 'height'>,
): Record<string, unknown> {
  for (const field of ['width', 'height'] as const)
    if (request[field] % 8 !== 0)
      throw new StudioError(
        'INVALID_INPUT',
        `${field} ${request[field]}: ${SD_GENERATOR_ID} needs a width and height that are multiples of 8`,
        { field },
      );
  const model = pickModel(db, options.modelId);
  const problems = modelProblems(model);
  if (problems.length > 0)
    throw new StudioError(
      'MALFORMED_FILE',
      `model "${model.name}" (id ${model.id}, ${model.path}) cannot be used: ${problems.join('; ')}`,
      { id: model.id, path: model.path, problems },
    );
  const resolved: ResolvedSdModel = {
    id: model.id,
    name: model.name,
    path: model.path,
    controlnetPath: model.controlnetPath,
    hash: model.hash,
    provider: model.provider,
    report: model.report,
  };
  return { ...options, modelId: model.id, [RESOLVED_MODEL_KEY]: resolved };
}

/** The host the generator catalog registers for `sd-controlnet`. */
export const sdControlnetHost = {
  id: SD_GENERATOR_ID,
  availability: sdAvailability,
  prepare: prepareSdOptions,
};
