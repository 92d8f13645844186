/**
 * @file Handlers of the diffusion-model contract methods (`modelMethods`): inspect a folder (a dry
 * run), add one (inspected first; a report that is not ok is refused with its errors, naming file and
 * tensor, and nothing is stored), list, update (name, provider, the one default), remove (the row,
 * never the user's files; refused while an unfinished generation job uses the model); the execution
 * providers of this onnxruntime build; and the project's settings. Inspection reads the files before
 * the write lock is taken, so a slow folder never holds up other writes, and runs on a worker thread
 * (GenerationEngine.inspectModel): onnxruntime loads each graph synchronously where it is called.
 */
import { basename, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import {
  StudioError,
  type DiffusionModel,
  type EventHub,
  type ExecutionProvider,
  type Handlers,
  type ModelIssue,
  type ModelReport,
  type ProviderInfo,
} from '../../contract';
import {
  findDuplicate,
  getModel,
  insertModel,
  jobUsingModel,
  listModels,
  readSettings,
  removeModel,
  updateModel,
  writeSettings,
} from '../catalog/node/modelsRepo';
import { listProviders } from '../generate/sd/node/providers';
import type { ProjectSession } from './session';

type ModelHandlers = Pick<
  Handlers,
  | 'models.inspect'
  | 'models.add'
  | 'models.list'
  | 'models.update'
  | 'models.remove'
  | 'providers.list'
  | 'settings.get'
  | 'settings.update'
>;

/** What the handlers need of the SD loader (tests pass their own). */
export type ModelInspector = {
  inspect(
    path: string,
    opts: { provider?: ExecutionProvider; controlnetPath?: string },
  ): Promise<ModelReport>;
  providers(): ProviderInfo[];
};

/** The studio's inspector: the engine's inspection worker, and the providers listed here (cheap). */
function engineInspector(session: ProjectSession): ModelInspector {
  return {
    inspect: (path, options) => session.engine.inspectModel(path, options),
    providers: listProviders,
  };
}

/**
 * An issue as one line that names where it is. The inspector's messages already start with the file
 * (and tensor); one that does not is prefixed with `file (tensor): `.
 */
export function describeIssue(issue: ModelIssue): string {
  if (issue.file === null || issue.message.includes(issue.file)) return issue.message;
  return `${issue.file}${issue.tensor === null ? '' : ` (${issue.tensor})`}: ${issue.message}`;
}

/** The refusal of a folder whose report has errors: every error in the message and in details. */
export function refusal(report: ModelReport): StudioError {
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  return new StudioError(
    'MALFORMED_FILE',
    `model folder ${report.path} refused (${count}): ${errors.map(describeIssue).join('; ')}`,
    { path: report.path, issues: errors },
  );
}

function duplicateError(existing: DiffusionModel, path: string): StudioError {
  const why = existing.path === path ? 'this folder' : `the same files (hash ${existing.hash.slice(0, 12)})`;
  return new StudioError(
    'CONFLICT',
    `model "${existing.name}" (id ${existing.id}) already holds ${why}: ${existing.path}`,
    { id: existing.id, path: existing.path },
  );
}

type AddInput = Parameters<ModelHandlers['models.add']>[0];

async function addModel(
  session: ProjectSession,
  inspector: ModelInspector,
  input: AddInput,
  now: () => number,
): Promise<DiffusionModel> {
  const open = session.require();
  const path = resolve(input.path);
  const controlnetPath = input.controlnetPath === undefined ? null : resolve(input.controlnetPath);
  const known = findDuplicate(open.project.catalog.reader, path, null);
  if (known) throw duplicateError(known, path);
  const provider = input.provider ?? readSettings(open.project.catalog.reader).provider;
  const report = await inspector.inspect(path, {
    provider,
    ...(controlnetPath === null ? {} : { controlnetPath }),
  });
  if (!report.ok) throw refusal(report);
  const db = open.project.catalog.writer;
  return open.lock.runExclusive(() =>
    db
      .transaction(() => {
        const duplicate = findDuplicate(db, path, report.hash);
        if (duplicate) throw duplicateError(duplicate, path);
        const name = input.name ?? (basename(path) || path);
        return insertModel(db, { name, path, controlnetPath, provider, report }, now());
      })
      .immediate(),
  );
}

export function createModelHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
  inspector: ModelInspector = engineInspector(session),
): ModelHandlers {
  const changed = (reason: string) => hub.emit('catalog.changed', { entity: 'models', reason });
  /** Run `work` on the writer under the project's write lock. */
  const write = <T>(work: (db: Database.Database) => T): Promise<T> => {
    const open = session.require();
    return open.lock.runExclusive(() => work(open.project.catalog.writer));
  };
  return {
    'models.inspect': async ({ path, controlnetPath }) => {
      const open = session.current;
      return inspector.inspect(resolve(path), {
        ...(open ? { provider: readSettings(open.project.catalog.reader).provider } : {}),
        ...(controlnetPath === undefined ? {} : { controlnetPath: resolve(controlnetPath) }),
      });
    },
    'models.add': async (input) => {
      const model = await addModel(session, inspector, input, now);
      changed('added');
      return model;
    },
    'models.list': async () => ({
      items: listModels(session.require().project.catalog.reader),
    }),
    'models.update': async ({ id, ...patch }) => {
      const model = await write((db) => updateModel(db, id, patch));
      changed('updated');
      return model;
    },
    'models.remove': async ({ id }) => {
      const removed = await write((db) => {
        const model = getModel(db, id);
        if (!model) return false;
        const jobId = jobUsingModel(db, model);
        if (jobId !== null) {
          throw new StudioError(
            'CONFLICT',
            `model "${model.name}" is used by generation job ${jobId}, which has not finished: cancel it or let it finish first`,
            { id, jobId },
          );
        }
        return removeModel(db, id);
      });
      if (removed) changed('removed');
      return { removed };
    },
    'providers.list': async () => ({
      items: inspector.providers(),
      default: session.current ? readSettings(session.current.project.catalog.reader).provider : 'cpu',
    }),
    'settings.get': async () => readSettings(session.require().project.catalog.reader),
    'settings.update': async (patch) => {
      const settings = await write((db) => writeSettings(db, patch));
      hub.emit('catalog.changed', { entity: 'settings', reason: 'updated' });
      return settings;
    },
  };
}
