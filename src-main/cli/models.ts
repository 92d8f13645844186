/**
 * @file `pose-studio models ...`: add a model folder (inspected first; refused with its errors when
 * the report is not ok), list, inspect (prints the report; exit 1 when it is not ok), make one the
 * default, remove one (the catalog row; the files stay), and list execution providers. `inspect` and
 * `providers` also work without --project (no catalog is read); the rest need one.
 */
import { resolve } from 'node:path';
import {
  ExecutionProviderSchema,
  createClient,
  createMemoryTransport,
  type ExecutionProvider,
} from '../contract';
import { createStudio } from '../core/studio';
import { UsageError } from './args';
import { out, projectDir, type CliIo, type Ctx, type Values } from './context';
import { printModelReport, printModels, printProviders } from './reportModels';

export const MODELS_USAGE = 'models add|list|inspect|default|remove|providers (see pose-studio --help)';

function providerOption(values: Values): ExecutionProvider | undefined {
  if (values.provider === undefined) return undefined;
  const parsed = ExecutionProviderSchema.safeParse(values.provider);
  if (!parsed.success) {
    throw new UsageError(
      `--provider expects ${ExecutionProviderSchema.options.join('|')}, got "${values.provider}"`,
    );
  }
  return parsed.data;
}

function idArgument(ctx: Ctx, verb: string): number {
  const raw = ctx.positionals[2];
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id <= 0) {
    throw new UsageError(`models ${verb} takes a model id (see pose-studio models list), got "${raw ?? ''}"`);
  }
  return id;
}

function pathArgument(ctx: Ctx, verb: string): string {
  const raw = ctx.positionals[2];
  if (raw === undefined || raw.trim() === '') throw new UsageError(`models ${verb} needs a model folder`);
  return resolve(raw);
}

const controlnet = (values: Values) =>
  values.controlnet === undefined ? {} : { controlnetPath: resolve(values.controlnet) };

async function add(ctx: Ctx): Promise<number> {
  const provider = providerOption(ctx.values);
  const model = await ctx.client.call('models.add', {
    path: pathArgument(ctx, 'add'),
    ...(ctx.values.name === undefined ? {} : { name: ctx.values.name }),
    ...controlnet(ctx.values),
    ...(provider === undefined ? {} : { provider }),
  });
  const role = model.isDefault ? ', the default model' : '';
  out(ctx, `added model ${model.id} "${model.name}" (${model.layout}, ${model.provider}${role})`, model);
  return 0;
}

async function inspect(ctx: Ctx): Promise<number> {
  const report = await ctx.client.call('models.inspect', {
    path: pathArgument(ctx, 'inspect'),
    ...controlnet(ctx.values),
  });
  out(ctx, printModelReport(report), report);
  return report.ok ? 0 : 1;
}

async function setDefault(ctx: Ctx): Promise<number> {
  const model = await ctx.client.call('models.update', { id: idArgument(ctx, 'default'), isDefault: true });
  out(ctx, `model ${model.id} "${model.name}" is now the default`, model);
  return 0;
}

async function remove(ctx: Ctx): Promise<number> {
  const id = idArgument(ctx, 'remove');
  const result = await ctx.client.call('models.remove', { id });
  out(ctx, result.removed ? `removed model ${id} (its files were left in place)` : `no model ${id}`, result);
  return result.removed ? 0 : 1;
}

async function providers(ctx: Ctx): Promise<number> {
  const result = await ctx.client.call('providers.list', {});
  out(ctx, printProviders(result.items, result.default), result);
  return 0;
}

async function list(ctx: Ctx): Promise<number> {
  const { items } = await ctx.client.call('models.list', {});
  out(ctx, printModels(items), items);
  return 0;
}

const SUBCOMMANDS: Record<string, { run: (ctx: Ctx) => Promise<number>; needsProject: boolean }> = {
  add: { run: add, needsProject: true },
  list: { run: list, needsProject: true },
  inspect: { run: inspect, needsProject: false },
  default: { run: setDefault, needsProject: true },
  remove: { run: remove, needsProject: true },
  providers: { run: providers, needsProject: false },
};

/** Runs a models subcommand on its own studio (with the project when one is given or needed). */
export async function modelsCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const sub = positionals[1] ?? 'list';
  const command = SUBCOMMANDS[sub];
  if (!command) throw new UsageError(`unknown models subcommand "${sub}": ${MODELS_USAGE}`);
  const project = command.needsProject || values.project !== undefined ? projectDir(values) : undefined;
  const studio = await createStudio({
    transport: 'cli',
    ...(project === undefined ? {} : { projectDir: project }),
    resumeJobs: false,
  });
  try {
    const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
    return await command.run({ client, studio, values, positionals, io });
  } finally {
    await studio.close();
  }
}
