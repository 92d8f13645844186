// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { ImportReport } from '../../../../src-main/contract';
import { createFakeStudio } from '../../../testing/fakeStudio';
import { renderWithStudio } from '../../../testing/dom';
import { ImportDialog } from './ImportDialog';
import { ImportForm } from './ImportForm';

afterEach(cleanup);

const report: ImportReport = {
  jobId: 7,
  imported: 68,
  skipped: { 'no-keypoints': 49, crowd: 1 },
  failedFiles: 1,
  seconds: 0.3,
  files: [
    {
      file: 'val.json',
      format: 'coco',
      importId: 1,
      imported: 68,
      skipped: {},
      warnings: ['3 images without size'],
      error: null,
    },
    {
      file: 'broken.json',
      format: 'coco',
      importId: null,
      imported: 0,
      skipped: {},
      warnings: [],
      error: {
        code: 'MALFORMED_FILE',
        message: 'broken.json: annotation 12: keypoints must have 51 numbers',
        details: { file: 'broken.json', record: '12', field: 'keypoints' },
      },
    },
  ],
};

function setup() {
  const fake = createFakeStudio({ poses: 0 });
  fake.state.importReport = report;
  let closed = 0;
  renderWithStudio(fake.connection, <ImportDialog onClose={() => (closed += 1)} />);
  return { fake, closed: () => closed };
}

describe('ImportDialog', () => {
  it('uploads the chosen file, follows the job and shows the report with skip reasons and refusals', async () => {
    const { fake } = setup();
    const file = new File(['{"annotations": []}'], 'val.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    fireEvent.change(screen.getByTestId('import-tags'), { target: { value: 'coco, val' } });
    fireEvent.click(screen.getByTestId('import-start'));
    const progress = await screen.findByTestId('import-progress');
    expect(within(progress).getByTestId('import-cancel')).toBeTruthy();
    await screen.findByTestId('import-report');
    expect(screen.getByTestId('import-headline').textContent).toBe(
      '68 imported, 50 skipped, 1 file refused, in 0.3 s',
    );
    expect(screen.getByTestId('import-skipped-no-keypoints').textContent).toBe('49');
    expect(screen.getByTestId('import-skipped-crowd').textContent).toBe('1');
    expect(screen.getByTestId('import-file-error').textContent).toContain(
      'annotation 12: keypoints must have 51 numbers',
    );
    expect(screen.getByText('3 images without size')).toBeTruthy();
    const input = fake.callsOf('poses.import')[0]?.input as { source: unknown; options: { tags: string[] } };
    expect(input.source).toEqual({ kind: 'upload', uploadId: 'f'.repeat(32), fileName: 'val.json' });
    expect(input.options.tags).toEqual(['coco', 'val']);
  });

  it('imports a path on the studio machine', async () => {
    const { fake } = setup();
    fireEvent.click(screen.getByTestId('import-mode-path'));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/openpose' } });
    fireEvent.click(screen.getByTestId('import-start'));
    await screen.findByTestId('import-report');
    expect((fake.callsOf('poses.import')[0]?.input as { source: unknown }).source).toEqual({
      kind: 'path',
      path: '/data/openpose',
    });
  });

  it('refuses to start without a source or with a bad margin, and sends nothing', () => {
    const { fake } = setup();
    fireEvent.click(screen.getByTestId('import-start'));
    expect(screen.getByRole('alert').textContent).toBe('choose a .json file');
    fireEvent.click(screen.getByTestId('import-mode-path'));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/x' } });
    fireEvent.change(screen.getByLabelText('Crop margin (% of box, per side)'), { target: { value: '900' } });
    fireEvent.click(screen.getByTestId('import-start'));
    expect(screen.getByRole('alert').textContent).toBe('margin: a percentage between 0 and 400');
    expect(fake.callsOf('poses.import')).toEqual([]);
  });

  it('closes with Escape before the import starts', () => {
    const { closed } = setup();
    fireEvent.keyDown(screen.getByTestId('import-dialog'), { key: 'Escape' });
    expect(closed()).toBe(1);
  });

  it('shows why the native picker failed (desktop app, no upload)', async () => {
    const fake = createFakeStudio({ poses: 0 }); // app.pickPath is not in the fake: it answers INTERNAL
    renderWithStudio(
      fake.connection,
      <ImportForm canUpload={false} onStart={() => undefined} onCancel={() => undefined} />,
    );
    fireEvent.click(screen.getByTestId('import-pick-folder'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('app.pickPath');
    expect(fake.callsOf('app.pickPath')).toHaveLength(1);
    expect((screen.getByTestId('import-path') as HTMLInputElement).value).toBe('');
  });
});
