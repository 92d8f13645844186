/**
 * @file How the Models and Settings pages word a model's report and the execution providers: short
 * hashes, tensor shapes, where an issue is (file and tensor), component names, and the provider
 * options (unlisted ones disabled, with the reason). Pure.
 */
import type {
  ExecutionProvider,
  ModelComponentName,
  ModelIssue,
  ModelReport,
  ProviderInfo,
  TensorInfo,
} from '../../../../src-main/contract';

export const COMPONENT_LABELS: Record<ModelComponentName, string> = {
  textEncoder: 'Text encoder',
  unet: 'UNet',
  controlnet: 'ControlNet',
  vaeDecoder: 'VAE decoder',
  vaeEncoder: 'VAE encoder',
  tokenizer: 'Tokenizer',
};

export const LAYOUT_LABELS: Record<ModelReport['layout'], string> = {
  optimum: 'Optimum (diffusers-style)',
  'diffusers-onnx': 'diffusers ONNX export',
  onnxstack: 'OnnxStack / Amuse',
  diffusersjs: 'diffusers.js',
  unknown: 'unrecognised',
};

export const PROVIDER_LABELS: Record<ExecutionProvider, string> = {
  cpu: 'CPU',
  cuda: 'CUDA (NVIDIA)',
  dml: 'DirectML (Windows)',
  coreml: 'Core ML (macOS)',
  webgpu: 'WebGPU',
};

export const shortHash = (hash: string): string => hash.slice(0, 12);

/** `[batch, 4, height, width]`; a scalar is `[]`. */
export const shapeText = (tensor: TensorInfo): string => `[${tensor.shape.join(', ')}]`;

/**
 * An issue as one line that names where it is. The inspector's messages already start with the file
 * (and tensor); one that does not is prefixed with `file (tensor): ` or the component's name.
 */
export function issueText(issue: ModelIssue): string {
  if (issue.file !== null && issue.message.includes(issue.file)) return issue.message;
  const where = issue.file ?? (issue.component ? COMPONENT_LABELS[issue.component] : null);
  if (where === null) return issue.message;
  return `${where}${issue.tensor === null ? '' : ` (${issue.tensor})`}: ${issue.message}`;
}

export function errorCount(report: ModelReport): number {
  return report.issues.filter((issue) => issue.severity === 'error').length;
}

/** The last part of a folder path, the name a model gets when none is typed. */
export function folderName(path: string): string {
  const parts = path
    .trim()
    .split(/[\\/]+/)
    .filter(Boolean);
  return parts[parts.length - 1] ?? path.trim();
}

export type ProviderOption = { id: ExecutionProvider; label: string; disabled: boolean; note: string };

/**
 * Select options for the providers: unlisted ones are disabled with their note, except the current
 * value (a project moved from another machine keeps showing what it asks for).
 */
export function providerOptions(
  items: readonly ProviderInfo[],
  current: ExecutionProvider,
): ProviderOption[] {
  const known = items.some((item) => item.id === current)
    ? items
    : [{ id: current, listed: true, note: '' }, ...items]; // not loaded yet: show the value as it is
  return known.map((item) => ({
    id: item.id,
    label: item.listed ? PROVIDER_LABELS[item.id] : `${PROVIDER_LABELS[item.id]} (not available here)`,
    disabled: !item.listed && item.id !== current,
    note: item.note,
  }));
}
