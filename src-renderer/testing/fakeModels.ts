/**
 * @file The diffusion-model half of the fake studio (component tests only): `models.inspect` (a
 * report per folder path: set by the test, else a fresh ok one), `models.add` (refused like the real
 * studio when the report is not ok, or the folder is already there; the first model is the default),
 * `models.list/update/remove` (a model a test marks busy is refused), `providers.list` and
 * `settings.get/update`, all validated by the real dispatcher and emitting `catalog.changed`.
 */
import {
  StudioError,
  type DiffusionModel,
  type EventHub,
  type Handlers,
  type ModelIssue,
  type ModelReport,
  type ProviderInfo,
} from '../../src-main/contract';
import type { StudioSettings } from '../../src-main/contract/modelMethods';

export type FakeModelsState = {
  models: DiffusionModel[];
  /** Inspection reports by folder path; a path not here inspects as `fakeReport(path)`. */
  reports: Map<string, ModelReport>;
  providers: ProviderInfo[];
  settings: StudioSettings;
  /** Model id -> the unfinished generation job using it (remove is refused). */
  busy: Map<number, number>;
  nextId: number;
};

/** A small, stable hex hash of a text (fake content hashes). */
function fakeHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return `${h.toString(16).padStart(8, '0')}${'0'.repeat(56)}`;
}

/** An ok report of an Optimum-layout fp16 folder at `path` (patchable). */
export function fakeReport(path: string, patch: Partial<ModelReport> = {}): ModelReport {
  const onnx = (name: 'textEncoder' | 'unet' | 'controlnet' | 'vaeDecoder', file: string, bytes: number) => ({
    ...{ name, file, bytes, precision: 'float16' as const },
    inputs:
      name === 'unet'
        ? [
            { name: 'sample', dtype: 'float16', shape: ['batch', 4, 'height', 'width'] },
            { name: 'timestep', dtype: 'int64', shape: ['steps'] },
          ]
        : [{ name: 'input', dtype: 'float16', shape: ['batch', 77] }],
    outputs: [{ name: 'output', dtype: 'float16', shape: ['batch', 4, 'height', 'width'] }],
  });
  return {
    ...{ path, layout: 'optimum', ok: true, hash: fakeHash(path), totalBytes: 2_100_000_000 },
    ...{ latentChannels: 4, textHiddenSize: 768, residualCount: 13, vaeScalingFactor: 0.18215 },
    components: [
      onnx('textEncoder', 'text_encoder/model.onnx', 246_000_000),
      onnx('unet', 'unet/model.onnx', 1_720_000_000),
      onnx('controlnet', 'controlnet/model.onnx', 723_000_000),
      onnx('vaeDecoder', 'vae_decoder/model.onnx', 99_000_000),
      { name: 'tokenizer', file: 'tokenizer', bytes: 1_600_000, precision: 'none', inputs: [], outputs: [] },
    ],
    issues: [],
    ...patch,
  };
}

/** A refused report: the UNet's timestep has the wrong dtype, plus a warning. */
export function brokenReport(path: string): ModelReport {
  const issues: ModelIssue[] = [
    {
      ...{ severity: 'error', component: 'unet', file: 'unet/model.onnx', tensor: 'timestep' },
      message: 'unet/model.onnx, timestep: is string; expected int64 or float',
    },
    {
      ...{ severity: 'warning', component: null, file: 'model_index.json', tensor: null },
      message: 'names a pipeline class this studio does not know',
    },
  ];
  return fakeReport(path, { ok: false, issues });
}

export function createModelsState(): FakeModelsState {
  return {
    ...{ models: [], reports: new Map(), busy: new Map(), nextId: 1, settings: { provider: 'cpu' } },
    providers: [
      { id: 'cpu', listed: true, note: 'bundled with onnxruntime-node; always works' },
      { id: 'cuda', listed: true, note: 'CUDA 12 on Linux x64; needs the CUDA libraries installed' },
      { id: 'dml', listed: false, note: 'DirectML: Windows only' },
      { id: 'coreml', listed: false, note: 'Core ML: macOS only' },
      { id: 'webgpu', listed: true, note: 'experimental; needs a Vulkan-capable GPU' },
    ],
  };
}

function requireModel(state: FakeModelsState, id: number): DiffusionModel {
  const model = state.models.find((m) => m.id === id);
  if (!model) throw new StudioError('NOT_FOUND', `no model ${id}`);
  return model;
}

function refusal(report: ModelReport): StudioError {
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const list = errors.map((i) => i.message);
  return new StudioError(
    'MALFORMED_FILE',
    `model folder ${report.path} refused (${errors.length} errors): ${list.join('; ')}`,
  );
}

export function modelHandlers(state: FakeModelsState, hub: EventHub): Partial<Handlers> {
  const changed = (entity: 'models' | 'settings', reason: string) =>
    hub.emit('catalog.changed', { entity, reason });
  const inspect = (path: string) => state.reports.get(path) ?? fakeReport(path);
  return {
    'models.inspect': async ({ path }) => inspect(path),
    'models.add': async ({ path, name, provider, controlnetPath }) => {
      const report = inspect(path);
      if (!report.ok) throw refusal(report);
      const existing = state.models.find((m) => m.path === path || m.hash === report.hash);
      if (existing) throw new StudioError('CONFLICT', `model "${existing.name}" already holds ${path}`);
      const model: DiffusionModel = {
        ...{ id: state.nextId, name: name ?? path.split('/').pop() ?? path, path, layout: report.layout },
        controlnetPath: controlnetPath ?? null,
        ...{
          hash: report.hash,
          totalBytes: report.totalBytes,
          provider: provider ?? state.settings.provider,
        },
        ...{ isDefault: !state.models.some((m) => m.isDefault), addedAt: state.nextId, report },
      };
      state.nextId += 1;
      state.models.push(model);
      changed('models', 'added');
      return { ...model };
    },
    'models.list': async () => ({ items: state.models.map((m) => ({ ...m })) }),
    'models.update': async ({ id, name, provider, isDefault }) => {
      const model = requireModel(state, id);
      if (name !== undefined) model.name = name;
      if (provider !== undefined) model.provider = provider;
      if (isDefault === true) for (const m of state.models) m.isDefault = m.id === id;
      if (isDefault === false) model.isDefault = false;
      changed('models', 'updated');
      return { ...model };
    },
    'models.remove': async ({ id }) => {
      const model = state.models.find((m) => m.id === id);
      if (!model) return { removed: false };
      const jobId = state.busy.get(id);
      if (jobId !== undefined)
        throw new StudioError('CONFLICT', `model "${model.name}" is used by generation job ${jobId}`);
      state.models = state.models.filter((m) => m.id !== id);
      if (model.isDefault && state.models[0]) state.models[0].isDefault = true;
      changed('models', 'removed');
      return { removed: true };
    },
    'providers.list': async () => ({ items: state.providers, default: state.settings.provider }),
    'settings.get': async () => state.settings,
    'settings.update': async (patch) => {
      state.settings = { ...state.settings, ...(patch.provider ? { provider: patch.provider } : {}) };
      changed('settings', 'updated');
      return state.settings;
    },
  };
}
