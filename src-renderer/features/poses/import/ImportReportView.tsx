/**
 * @file The import report: the headline (imported, skipped, refused), skip counts by reason,
 * per-file lines with warnings, and refused files with the message naming file/record/field.
 */
import type { ImportReport } from '../../../../src-main/contract';
import { errorLocation, reportHeadline, skipLines } from '../model/importReport';

export function ImportReportView({ report }: { report: ImportReport }) {
  const skips = skipLines(report.skipped);
  return (
    <div className="import-report" data-testid="import-report">
      <p className="import-report__headline" data-testid="import-headline">
        {reportHeadline(report)}
      </p>
      <dl className="facts facts--compact">
        <dt>Imported</dt>
        <dd data-testid="import-imported">{report.imported.toLocaleString('en-US')}</dd>
        {skips.map((line) => (
          <FactLine
            key={line.reason}
            label={`Skipped: ${line.label}`}
            value={line.count}
            testId={`import-skipped-${line.reason}`}
          />
        ))}
      </dl>
      {report.files.length > 0 && (
        <ul className="file-reports" aria-label="Files">
          {report.files.map((file, index) => (
            <li
              key={`${file.file}-${index}`}
              className={file.error ? 'file-report file-report--refused' : 'file-report'}
            >
              <div className="file-report__title">
                <span className="mono">{file.file}</span>
                <span className="muted">
                  {file.format ?? 'unknown format'} · {file.imported.toLocaleString('en-US')} imported
                </span>
              </div>
              {file.error && (
                <p className="file-report__error" role="alert" data-testid="import-file-error">
                  <span className="error-notice__code">{file.error.code}</span> {file.error.message}
                  {errorLocation(file.error.details) && (
                    <span className="muted"> ({errorLocation(file.error.details)})</span>
                  )}
                </p>
              )}
              {file.warnings.length > 0 && (
                <ul className="file-report__warnings">
                  {file.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FactLine({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value.toLocaleString('en-US')}</dd>
    </>
  );
}
