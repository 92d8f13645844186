/**
 * @file Inspects an SD 1.5 + ControlNet ONNX folder and reports what the studio needs to accept or
 * refuse it (research/sd-controlnet-onnx.md §0, §1): which exporter's layout it is, where each
 * component is, every graph's input/output signature as onnxruntime reports it, and issues that
 * name the file and the tensor. Each graph is opened once with an InferenceSession (optimisation
 * off, the requested provider falling back to the CPU) and released at once, so only one graph is in
 * memory at a time. Checks that need no session (files present, external weights present, the
 * tokenizer) come first; signature checks are in signatures.ts; the hash is described in modelFiles.ts.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type * as ort from 'onnxruntime-node';
import type {
  ExecutionProvider,
  ModelComponent,
  ModelComponentName,
  ModelIssue,
  ModelReport,
  TensorInfo,
} from '../../../../contract';
import {
  checkTokenizer,
  controlnetCandidates,
  detectLayout,
  readScalingFactor,
  TOKENIZER_FILES,
} from './folderScan';
import {
  fileSize,
  hashModelFiles,
  readGraphFacts,
  type ExternalRef,
  type GraphFacts,
  type HashedFile,
} from './modelFiles';
import { createSessionWithFallback, SessionCreateError } from './providers';
import { analyzeComponents, orderResidualInputs } from './signatures';

export interface InspectOptions {
  /** Provider to open the graphs with (default cpu); if it cannot start, the CPU is used and a warning added. */
  provider?: ExecutionProvider;
  /** The ControlNet graph, when it is not in or beside the folder (OnnxStack ships it separately). */
  controlnetPath?: string;
}

type Role = 'controlnet' | 'unet-residual' | 'unet-plain' | 'other';

interface OpenedGraph {
  abs: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  externals: ExternalRef[];
  bytes: number;
  role: Role;
}

function tensorInfos(meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return meta.map((m) =>
    m.isTensor
      ? { name: m.name, dtype: m.type, shape: m.shape.map((d) => (typeof d === 'number' ? d : String(d))) }
      : { name: m.name, dtype: 'non-tensor', shape: [] },
  );
}

function roleOf(inputNames: readonly string[]): Role {
  const names = new Set(inputNames);
  if (names.has('controlnet_cond')) return 'controlnet';
  if (!names.has('sample') || !names.has('encoder_hidden_states')) return 'other';
  return inputNames.some((n) => /down_block|mid_block/.test(n)) ? 'unet-residual' : 'unet-plain';
}

/** controlnet/model.onnx is a ControlNet or (OnnxStack) a UNet: label its issues by what it is. */
function componentFor(facts: GraphFacts, asked: ModelComponentName): ModelComponentName {
  if (asked !== 'unet' && asked !== 'controlnet') return asked;
  const role = roleOf(facts.inputNames);
  return role === 'controlnet' ? 'controlnet' : role === 'other' ? asked : 'unet';
}

/** Float precision over the feature tensors (timestep and conditioning_scale do not count). */
function precisionOf(g: OpenedGraph): ModelComponent['precision'] {
  const floats = new Set(
    [...g.inputs, ...g.outputs]
      .filter((t) => t.name !== 'timestep' && t.name !== 'conditioning_scale')
      .map((t) => t.dtype)
      .filter((d) => d === 'float32' || d === 'float16'),
  );
  if (floats.size === 2) return 'mixed';
  return floats.has('float16') ? 'float16' : floats.has('float32') ? 'float32' : 'none';
}

class Inspection {
  readonly issues: ModelIssue[] = [];
  private readonly opened = new Map<string, OpenedGraph | null>();
  private readonly factsCache = new Map<string, GraphFacts | null>();
  private providerWarning: string | null = null;

  constructor(
    readonly root: string,
    private provider: ExecutionProvider,
  ) {}

  rel(abs: string): string {
    return relative(this.root, abs).split(sep).join('/');
  }

  error(
    component: ModelComponentName | null,
    file: string | null,
    tensor: string | null,
    message: string,
  ): void {
    this.issues.push({ severity: 'error', component, file, tensor, message });
  }

  /** External weights named by the graph that are not on disk, as issues; true when all are there. */
  private externalsPresent(
    abs: string,
    component: ModelComponentName,
    refs: readonly ExternalRef[],
  ): boolean {
    const seen = new Set<string>();
    for (const ref of refs) {
      if (seen.has(ref.location)) continue;
      seen.add(ref.location);
      if (existsSync(join(dirname(abs), ref.location))) continue;
      const file = this.rel(abs);
      this.error(
        component,
        file,
        ref.tensor,
        `${file}, ${ref.tensor}: the weights are stored in "${ref.location}" beside the graph, and that file is missing`,
      );
    }
    return refs.every((r) => existsSync(join(dirname(abs), r.location)));
  }

  /** Opens the graph once (cached), reads its signature and releases it; null when it cannot be read. */
  async open(abs: string, component: ModelComponentName): Promise<OpenedGraph | null> {
    if (this.opened.has(abs)) return this.opened.get(abs)!;
    const graph = await this.openOnce(abs, component);
    this.opened.set(abs, graph);
    return graph;
  }

  /** Input names and external refs from the file's headers (cached); null when unreadable. */
  facts(abs: string): GraphFacts | null {
    if (!this.factsCache.has(abs)) {
      let facts: GraphFacts | null = null;
      try {
        facts = existsSync(abs) ? readGraphFacts(abs) : null;
      } catch {
        // Not parseable here; opening a session reports what is wrong with the file.
      }
      this.factsCache.set(abs, facts);
    }
    return this.factsCache.get(abs)!;
  }

  /** What the graph is, from its headers alone ('other' when they cannot be read). */
  roleFromFacts(abs: string): Role {
    const facts = this.facts(abs);
    return facts ? roleOf(facts.inputNames) : 'other';
  }

  private async openOnce(abs: string, asked: ModelComponentName): Promise<OpenedGraph | null> {
    if (!existsSync(abs)) return null;
    const facts = this.facts(abs) ?? { externals: [], inputNames: [] };
    const externals = facts.externals;
    const component = componentFor(facts, asked);
    if (!this.externalsPresent(abs, component, externals)) return null;
    let session: ort.InferenceSession;
    try {
      const created = await createSessionWithFallback(abs, this.provider, { optimization: 'disabled' });
      session = created.session;
      if (created.warning) {
        this.providerWarning ??= created.warning;
        this.provider = created.provider;
      }
    } catch (err) {
      const file = this.rel(abs);
      const message =
        err instanceof SessionCreateError ? err.message.replace(basename(abs), file) : String(err);
      this.error(component, file, null, message.startsWith(file) ? message : `${file}: ${message}`);
      return null;
    }
    try {
      const inputs = tensorInfos(session.inputMetadata);
      const locations = [...new Set(externals.map((r) => join(dirname(abs), r.location)))];
      const bytes = fileSize(abs) + locations.reduce((n, p) => n + fileSize(p), 0);
      const role = roleOf(inputs.map((i) => i.name));
      return { abs, inputs, outputs: tensorInfos(session.outputMetadata), externals, bytes, role };
    } finally {
      await session.release();
    }
  }

  warnings(): ModelIssue[] {
    if (!this.providerWarning) return [];
    return [
      { severity: 'warning', component: null, file: null, tensor: null, message: this.providerWarning },
    ];
  }
}

/**
 * The ControlNet-aware UNet: controlnet/model.onnx when its inputs say it is one (OnnxStack), else
 * unet/model.onnx. A residual UNet that fails to open is not replaced by the plain one beside it.
 */
async function findUnet(ins: Inspection): Promise<OpenedGraph | null> {
  const onnxstack = join(ins.root, 'controlnet', 'model.onnx');
  if (ins.roleFromFacts(onnxstack) === 'unet-residual') return ins.open(onnxstack, 'unet');
  const abs = join(ins.root, 'unet', 'model.onnx');
  if (!existsSync(abs)) ins.error('unet', 'unet/model.onnx', null, 'unet/model.onnx: the UNet is missing');
  return ins.open(abs, 'unet');
}

async function openExplicitControlnet(ins: Inspection, path: string): Promise<OpenedGraph | null> {
  const abs = resolve(path);
  const file = ins.rel(abs);
  if (!existsSync(abs)) {
    ins.error('controlnet', file, null, `${file}: the ControlNet file does not exist`);
    return null;
  }
  const g = await ins.open(abs, 'controlnet');
  if (g && g.role !== 'controlnet')
    ins.error(
      'controlnet',
      file,
      'controlnet_cond',
      `${file}: is not a ControlNet (it has no controlnet_cond input)`,
    );
  return g?.role === 'controlnet' ? g : null;
}

/** The explicit ControlNet, else the first candidate whose headers say it is one (controlnet_cond input). */
async function findControlnet(ins: Inspection, explicit: string | undefined): Promise<OpenedGraph | null> {
  if (explicit) return openExplicitControlnet(ins, explicit);
  const candidates = controlnetCandidates(ins.root);
  const byFacts = candidates.find((c) => ins.roleFromFacts(c) === 'controlnet');
  if (byFacts) return ins.open(byFacts, 'controlnet');
  // Headers unreadable by our walker: let the sessions tell.
  for (const candidate of candidates.filter((c) => ins.facts(c) === null)) {
    const g = await ins.open(candidate, 'controlnet');
    if (g?.role === 'controlnet') return g;
  }
  ins.error(
    'controlnet',
    'controlnet/model.onnx',
    null,
    'controlnet/model.onnx: no ControlNet found (looked in controlnet/ and controlnet_onnx/, in and beside the folder); give its path explicitly',
  );
  return null;
}

async function openRequired(ins: Inspection, rel: string, component: ModelComponentName, what: string) {
  const abs = join(ins.root, rel);
  if (!existsSync(abs)) ins.error(component, rel, null, `${rel}: the ${what} is missing`);
  return ins.open(abs, component);
}

function component(ins: Inspection, name: ModelComponentName, g: OpenedGraph): ModelComponent {
  return {
    name,
    file: ins.rel(g.abs),
    bytes: g.bytes,
    precision: precisionOf(g),
    inputs: g.inputs,
    outputs: g.outputs,
  };
}

function hashedFiles(ins: Inspection, graphs: [ModelComponentName, OpenedGraph][]): HashedFile[] {
  const files: HashedFile[] = [];
  for (const [name, g] of graphs) {
    files.push({ label: `${name}/${basename(g.abs)}`, path: g.abs });
    for (const location of new Set(g.externals.map((r) => r.location)))
      files.push({ label: `${name}/${location}`, path: join(dirname(g.abs), location) });
  }
  for (const f of TOKENIZER_FILES)
    files.push({ label: `tokenizer/${f}`, path: join(ins.root, 'tokenizer', f) });
  for (const f of ['scheduler/scheduler_config.json', 'vae_decoder/config.json'])
    files.push({ label: f, path: join(ins.root, f) });
  return files;
}

function refused(path: string, message: string): ModelReport {
  return {
    path,
    layout: 'unknown',
    ok: false,
    components: [],
    issues: [{ severity: 'error', component: null, file: null, tensor: null, message }],
    hash: '',
    totalBytes: 0,
    latentChannels: null,
    textHiddenSize: null,
    residualCount: null,
    vaeScalingFactor: readScalingFactor(path),
  };
}

/** Reads and checks the folder; `ok` is false (and the issues say why) when it cannot be used. */
export async function inspectModelFolder(path: string, options: InspectOptions = {}): Promise<ModelReport> {
  const root = resolve(path);
  if (!existsSync(root) || !statSync(root).isDirectory()) return refused(root, `${root} is not a folder`);
  const ins = new Inspection(root, options.provider ?? 'cpu');
  const text = await openRequired(ins, 'text_encoder/model.onnx', 'textEncoder', 'text encoder');
  const unet = await findUnet(ins);
  const controlnet = await findControlnet(ins, options.controlnetPath);
  const decoder = await openRequired(ins, 'vae_decoder/model.onnx', 'vaeDecoder', 'VAE decoder');
  const encoder = await ins.open(join(root, 'vae_encoder', 'model.onnx'), 'vaeEncoder');
  const tokenizer = checkTokenizer(root, ins.issues);

  const graphs: [ModelComponentName, OpenedGraph][] = [];
  const add = (name: ModelComponentName, g: OpenedGraph | null) => g && graphs.push([name, g]);
  add('textEncoder', text);
  add('unet', unet);
  add('controlnet', controlnet);
  add('vaeDecoder', decoder);
  add('vaeEncoder', encoder);
  const components = graphs.map(([name, g]) => component(ins, name, g));
  if (tokenizer) components.push(tokenizer);

  const vaeScalingFactor = readScalingFactor(root);
  const analysis = analyzeComponents(components, vaeScalingFactor);
  const issues = [...ins.issues, ...analysis.issues, ...ins.warnings()];
  const layout = detectLayout({
    root,
    unetFile: unet?.role === 'unet-residual' ? ins.rel(unet.abs) : null,
    externalFiles: new Set(graphs.flatMap(([, g]) => g.externals.map((r) => basename(r.location)))),
    residualInputs: unet ? orderResidualInputs(unet.inputs).down.map((t) => t.name) : [],
  });
  return {
    path: root,
    layout,
    ok: !issues.some((i) => i.severity === 'error'),
    components,
    issues,
    hash: hashModelFiles(hashedFiles(ins, graphs)),
    totalBytes: components.reduce((n, c) => n + c.bytes, 0),
    latentChannels: analysis.latentChannels,
    textHiddenSize: analysis.textHiddenSize,
    residualCount: analysis.residualCount,
    vaeScalingFactor,
  };
}
