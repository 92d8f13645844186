/**
 * @file Execution providers for the SD graphs on onnxruntime-node 1.30 (research/sd-controlnet-onnx.md
 * §0.5 and §5): which providers this build lists, the session options each gets, and session
 * creation that falls back to the CPU. ORT does not skip a provider that fails to start (listing
 * ['cuda', 'cpu'] throws when the CUDA libraries are missing), so a failed start is caught and the
 * session is created again on the CPU alone, with a warning the caller can show. Session-creation
 * errors are classified (missing kernel, missing external data, provider, invalid model) so the
 * model inspection can turn them into issues that name the file and the operator.
 */
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider, ProviderInfo } from '../../../../contract';

/** ORT's names for our provider ids (the same strings today; kept explicit so either can change). */
export const ORT_PROVIDER_NAME: Record<ExecutionProvider, string> = {
  cpu: 'cpu',
  cuda: 'cuda',
  dml: 'dml',
  coreml: 'coreml',
  webgpu: 'webgpu',
};

const PROVIDER_LABEL: Record<ExecutionProvider, string> = {
  cpu: 'CPU',
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
};

const PROVIDER_NOTE: Record<ExecutionProvider, string> = {
  cpu: 'Always available; slow for SD 1.5 (tens of seconds per image or more).',
  cuda: 'NVIDIA GPUs on Linux x64: needs CUDA 12 and the CUDA provider libraries that onnxruntime-node downloads at install time.',
  dml: 'DirectML: any DirectX 12 GPU on Windows.',
  coreml: 'CoreML: macOS only.',
  webgpu:
    'Experimental WebGPU provider: needs a GPU adapter (Vulkan on Linux, D3D12 on Windows, Metal on macOS).',
};

export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'cuda', 'dml', 'coreml', 'webgpu'];

/** The providers this onnxruntime-node build lists for this platform; listed ones may still fail to start. */
export function listProviders(): ProviderInfo[] {
  let backends: readonly { name: string; bundled: boolean }[] = [];
  let failure: string | null = null;
  try {
    backends = ort.listSupportedBackends();
  } catch (err) {
    failure = firstLine(err);
  }
  return EXECUTION_PROVIDERS.map((id) => {
    const backend = backends.find((b) => b.name === ORT_PROVIDER_NAME[id]);
    const listed = id === 'cpu' || backend !== undefined;
    let note = PROVIDER_NOTE[id];
    if (backend && !backend.bundled && id !== 'cpu') note += ' Not bundled with onnxruntime-node.';
    if (failure && id !== 'cpu') note += ` (listing providers failed: ${failure})`;
    return { id, listed, note };
  });
}

export interface SdSessionOptions {
  /** 'all' for plain exports; 'disabled' for graphs already optimized (Olive) and for inspection. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Intra-op threads; ORT's default (all cores) when unset. */
  threads?: number;
  /** Fixed sizes for symbolic dims, e.g. { batch_size: 2 }: DirectML and WebGPU run faster with them. */
  freeDimensionOverrides?: Record<string, number>;
  /** GPU index for CUDA / DirectML. */
  deviceId?: number;
  /** ORT log level 0 (verbose) .. 4 (fatal); default 3 (errors only). */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

/** ORT session options for one provider (§5.2). */
export function sessionOptionsFor(
  provider: ExecutionProvider,
  options: SdSessionOptions = {},
): ort.InferenceSession.SessionOptions {
  const name = ORT_PROVIDER_NAME[provider];
  const ep: ort.InferenceSession.ExecutionProviderConfig =
    (provider === 'cuda' || provider === 'dml') && options.deviceId !== undefined
      ? ({ name, deviceId: options.deviceId } as ort.InferenceSession.ExecutionProviderConfig)
      : name;
  return {
    executionProviders: [ep],
    graphOptimizationLevel: options.optimization ?? 'all',
    // DirectML supports neither memory patterns nor parallel execution; sequential is also what
    // OnnxStack uses everywhere, and one UNet step has no useful inter-op parallelism.
    executionMode: 'sequential',
    enableMemPattern: provider !== 'dml',
    enableCpuMemArena: true,
    logSeverityLevel: options.logSeverityLevel ?? 3,
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    ...(options.freeDimensionOverrides ? { freeDimensionOverrides: options.freeDimensionOverrides } : {}),
  };
}

export type SessionErrorKind = 'missing-kernel' | 'external-data' | 'provider' | 'invalid-model' | 'other';

/** Why a session could not be created, in words a user can act on. */
export class SessionCreateError extends Error {
  constructor(
    message: string,
    readonly kind: SessionErrorKind,
    readonly file: string,
    readonly provider: ExecutionProvider,
    /** The operator without a kernel ('missing-kernel' only). */
    readonly op: string | null,
    readonly ortMessage: string,
  ) {
    super(message);
    this.name = 'SessionCreateError';
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.trim().slice(0, 300);
}

/** Classifies an ORT session-creation error and words it, naming the file (and operator). */
export function classifySessionError(
  err: unknown,
  file: string,
  provider: ExecutionProvider,
  label = basename(file),
): SessionCreateError {
  const raw = err instanceof Error ? err.message : String(err);
  const where = PROVIDER_LABEL[provider];
  const kernel =
    /Could not find an implementation for ([\w.]+)\(\d+\)/.exec(raw) ??
    /Failed to find kernel for ([\w.]+)/.exec(raw);
  if (kernel) {
    const op = kernel[1]!;
    return new SessionCreateError(
      `${label} uses the operator ${op}, which has no kernel on the ${where} execution provider. ` +
        'Graphs optimized for DirectML or CUDA (Olive, ORT transformer optimizer) contain such com.microsoft ' +
        'operators; use an unoptimized export, or the GPU provider the model was optimized for.',
      'missing-kernel',
      file,
      provider,
      op,
      raw,
    );
  }
  if (/external data/i.test(raw))
    return new SessionCreateError(
      `${label}: its external weights could not be read (${firstLine(err)})`,
      'external-data',
      file,
      provider,
      null,
      raw,
    );
  if (/Failed to load shared library|backend not found|WebGPU adapter|providers_shared/i.test(raw))
    return new SessionCreateError(
      `The ${where} execution provider could not start: ${firstLine(err)}`,
      'provider',
      file,
      provider,
      null,
      raw,
    );
  const invalid =
    /Protobuf parsing failed|INVALID_PROTOBUF|INVALID_GRAPH|ShapeInferenceError|Type Error/i.test(raw);
  return new SessionCreateError(
    `${label} could not be loaded${invalid ? ' (not a valid ONNX graph)' : ''}: ${firstLine(err)}`,
    invalid ? 'invalid-model' : 'other',
    file,
    provider,
    null,
    raw,
  );
}

export interface SessionWithProvider {
  session: ort.InferenceSession;
  /** The provider the session actually runs on. */
  provider: ExecutionProvider;
  /** Set when the requested provider failed and the CPU was used instead. */
  warning: string | null;
}

async function create(
  file: string,
  provider: ExecutionProvider,
  options: SdSessionOptions,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(file, sessionOptionsFor(provider, options));
  } catch (err) {
    throw classifySessionError(err, file, provider);
  }
}

/**
 * Creates a session on `provider`; if that fails, on the CPU, with a warning saying why. A CPU
 * failure throws a SessionCreateError (kind 'missing-kernel' for graphs with GPU-only operators).
 */
export async function createSessionWithFallback(
  file: string,
  provider: ExecutionProvider,
  options: SdSessionOptions = {},
): Promise<SessionWithProvider> {
  if (provider === 'cpu')
    return { session: await create(file, 'cpu', options), provider: 'cpu', warning: null };
  try {
    return { session: await create(file, provider, options), provider, warning: null };
  } catch (err) {
    const reason = err instanceof SessionCreateError ? firstLine(err.ortMessage) : firstLine(err);
    const session = await create(file, 'cpu', options);
    const warning = `${PROVIDER_LABEL[provider]} could not be used for ${basename(file)} (${reason}); running on the CPU instead.`;
    return { session, provider: 'cpu', warning };
  }
}
