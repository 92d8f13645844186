/**
 * @file Human-readable CLI text for diffusion models: the inspection report (layout, components with
 * file, precision, size and each graph input and output with dtype and shape, the hash, and the
 * issues naming file and tensor), the model list, and the execution providers.
 */
import type { DiffusionModel, ModelReport, ProviderInfo, TensorInfo } from '../contract';
import { describeIssue } from '../core/node/modelHandlers';
import { formatBytes } from '../core/shared/format';

const shapeText = (tensor: TensorInfo): string => `[${tensor.shape.join(', ')}]`;

function tensorLines(direction: 'in' | 'out', tensors: readonly TensorInfo[], width: number): string[] {
  return tensors.map(
    (t) => `      ${direction.padEnd(3)} ${t.name.padEnd(width)}  ${t.dtype.padEnd(8)} ${shapeText(t)}`,
  );
}

function figures(report: ModelReport): string {
  const parts = [
    report.latentChannels === null ? null : `latent channels ${report.latentChannels}`,
    report.textHiddenSize === null ? null : `text hidden size ${report.textHiddenSize}`,
    report.residualCount === null ? null : `ControlNet residuals ${report.residualCount}`,
    `VAE scaling factor ${report.vaeScalingFactor}`,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

export function printModelReport(report: ModelReport): string {
  const errors = report.issues.filter((issue) => issue.severity === 'error').length;
  const verdict = report.ok ? 'OK: can be added' : `REFUSED: ${errors} error${errors === 1 ? '' : 's'}`;
  const lines = [
    `${report.path}`,
    `  layout ${report.layout}; ${formatBytes(report.totalBytes)}; hash ${report.hash}`,
    `  ${figures(report)}`,
    `  ${verdict}`,
    'components:',
  ];
  if (report.components.length === 0) lines.push('  none found');
  for (const component of report.components) {
    const width = Math.max(0, ...[...component.inputs, ...component.outputs].map((t) => t.name.length));
    lines.push(
      `  ${component.name.padEnd(12)} ${component.file}  ${formatBytes(component.bytes)}  ${component.precision}`,
      ...tensorLines('in', component.inputs, width),
      ...tensorLines('out', component.outputs, width),
    );
  }
  lines.push(report.issues.length === 0 ? 'issues: none' : 'issues:');
  for (const issue of report.issues) lines.push(`  ${issue.severity.padEnd(8)} ${describeIssue(issue)}`);
  return lines.join('\n');
}

/** One line per model: id, default mark, name, layout, size, provider, short hash, folder. */
export function printModels(models: readonly DiffusionModel[]): string {
  if (models.length === 0) return 'no models yet: add one with pose-studio models add FOLDER --project DIR';
  const width = Math.max(4, ...models.map((m) => m.name.length));
  const header = `   id    ${'name'.padEnd(width)}  layout          size      provider  hash          folder`;
  const rows = models.map(
    (m) =>
      `${String(m.id).padStart(5)} ${m.isDefault ? '*' : ' '}  ${m.name.padEnd(width)}  ${m.layout.padEnd(14)}  ` +
      `${formatBytes(m.totalBytes).padEnd(8)}  ${m.provider.padEnd(8)}  ${m.hash.slice(0, 12)}  ${m.path}`,
  );
  return [header, ...rows, '* = default model (what generation uses when a run names none)'].join('\n');
}

export function printProviders(items: readonly ProviderInfo[], current: string): string {
  return items
    .map(
      (p) =>
        `${p.id === current ? '*' : ' '} ${p.id.padEnd(7)} ${p.listed ? 'listed    ' : 'not listed'}  ${p.note}`,
    )
    .concat('* = the project default; a provider that fails to start falls back to cpu with a message')
    .join('\n');
}
