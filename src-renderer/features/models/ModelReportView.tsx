/**
 * @file A model folder's inspection report: the verdict, the issues with their severity and where
 * they are (file and tensor), the folder's facts (layout, size, hash, what the graphs say), and the
 * components table (file, precision, size, each input and output with dtype and shape).
 */
import type { ModelComponent, ModelReport, TensorInfo } from '../../../src-main/contract';
import { formatBytes } from '../../../src-main/core/shared/format';
import { COMPONENT_LABELS, LAYOUT_LABELS, errorCount, issueText, shapeText } from './model/modelView';

export function ModelReportView({ report }: { report: ModelReport }) {
  const errors = errorCount(report);
  return (
    <div className="model-report" data-testid="model-report" data-ok={report.ok}>
      <p
        className={`model-report__verdict ${report.ok ? 'model-report__verdict--ok' : 'model-report__verdict--refused'}`}
        data-testid="model-report-verdict"
      >
        {report.ok
          ? 'This folder can be added.'
          : `This folder would be refused: ${errors} error${errors === 1 ? '' : 's'} to fix first.`}
      </p>
      {report.issues.length > 0 && (
        <ul className="model-issues" aria-label="Issues">
          {report.issues.map((issue, i) => (
            <li key={i} className="model-issue" data-severity={issue.severity} data-testid="model-issue">
              <span className={`model-issue__severity model-issue__severity--${issue.severity}`}>
                {issue.severity}
              </span>{' '}
              {issueText(issue)}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts facts--compact">
        <dt>Folder</dt>
        <dd className="mono">{report.path}</dd>
        <dt>Layout</dt>
        <dd data-testid="model-report-layout">{LAYOUT_LABELS[report.layout]}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(report.totalBytes)}</dd>
        <dt>Hash</dt>
        <dd className="mono small" data-testid="model-report-hash">
          {report.hash}
        </dd>
        <dt>Graphs</dt>
        <dd>{graphFacts(report)}</dd>
      </dl>
      <ComponentsTable components={report.components} />
    </div>
  );
}

function graphFacts(report: ModelReport): string {
  const parts = [
    report.latentChannels === null ? null : `${report.latentChannels} latent channels`,
    report.textHiddenSize === null ? null : `text hidden size ${report.textHiddenSize}`,
    report.residualCount === null ? null : `${report.residualCount} ControlNet residuals`,
    `VAE scaling factor ${report.vaeScalingFactor}`,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

function TensorList({ tensors }: { tensors: readonly TensorInfo[] }) {
  if (tensors.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="model-tensors">
      {tensors.map((tensor) => (
        <li key={tensor.name} className="mono">
          {tensor.name} <span className="muted">{tensor.dtype}</span> {shapeText(tensor)}
        </li>
      ))}
    </ul>
  );
}

function ComponentsTable({ components }: { components: readonly ModelComponent[] }) {
  if (components.length === 0) return <p className="muted">No components were found in this folder.</p>;
  return (
    <table className="models-table" data-testid="model-components">
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">File</th>
          <th scope="col">Precision</th>
          <th scope="col" className="models-table__number">
            Size
          </th>
          <th scope="col">Inputs</th>
          <th scope="col">Outputs</th>
        </tr>
      </thead>
      <tbody>
        {components.map((component) => (
          <tr key={`${component.name} ${component.file}`} data-testid={`model-component-${component.name}`}>
            <td>{COMPONENT_LABELS[component.name]}</td>
            <td className="mono">{component.file}</td>
            <td>{component.precision === 'none' ? '–' : component.precision}</td>
            <td className="models-table__number">{formatBytes(component.bytes)}</td>
            <td>
              <TensorList tensors={component.inputs} />
            </td>
            <td>
              <TensorList tensors={component.outputs} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
