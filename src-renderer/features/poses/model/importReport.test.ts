import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../src-main/contract';
import { errorLocation, refusedFiles, reportHeadline, skipLines, totalSkipped } from './importReport';

const report: ImportReport = {
  jobId: 4,
  imported: 68,
  skipped: { 'no-keypoints': 48, crowd: 2 },
  failedFiles: 1,
  seconds: 0.42,
  files: [
    { file: 'a.json', format: 'coco', importId: 1, imported: 68, skipped: {}, warnings: [], error: null },
    {
      file: 'b.json',
      format: null,
      importId: null,
      imported: 0,
      skipped: {},
      warnings: [],
      error: {
        code: 'MALFORMED_FILE',
        message: 'b.json: annotation 7: keypoints has 50 values',
        details: { record: '7', field: 'keypoints' },
      },
    },
  ],
};

describe('import report', () => {
  it('names skip reasons in words, in a fixed order, without zeros', () => {
    expect(skipLines(report.skipped)).toEqual([
      { reason: 'no-keypoints', label: 'no labeled keypoints', count: 48 },
      { reason: 'crowd', label: 'crowd annotations', count: 2 },
    ]);
    expect(totalSkipped(report.skipped)).toBe(50);
  });

  it('summarises and points at refused records', () => {
    expect(reportHeadline(report)).toBe('68 imported, 50 skipped, 1 file refused, in 0.4 s');
    expect(refusedFiles(report).map((file) => file.file)).toEqual(['b.json']);
    expect(errorLocation(report.files[1]?.error?.details)).toBe('record 7, field keypoints');
  });
});
