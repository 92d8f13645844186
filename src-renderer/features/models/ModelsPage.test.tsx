// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProjectInfo } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { brokenReport, fakeReport } from '../../testing/fakeModels';
import { createFakeStudio } from '../../testing/fakeStudio';
import { ModelsPage } from './ModelsPage';

afterEach(cleanup);

const project: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 0 };
type Fake = ReturnType<typeof createFakeStudio>;

function setup(prepare: (fake: Fake) => void = () => undefined, open: ProjectInfo | null = project) {
  const fake = createFakeStudio();
  prepare(fake);
  renderWithStudio(fake.connection, <ModelsPage project={open} onOpenProject={() => undefined} />);
  return fake;
}

const byId = (testId: string) => screen.getByTestId(testId);
const change = (testId: string, value: string) => fireEvent.change(byId(testId), { target: { value } });

async function inspect(path: string, controlnet = '') {
  change('models-path', path);
  change('models-controlnet', controlnet);
  fireEvent.click(byId('models-inspect'));
  return screen.findByTestId('model-report');
}

async function addThroughClient(fake: Fake, path: string) {
  return fake.connection.client.call('models.add', { path });
}

describe('Models page: inspect and add', () => {
  it('asks for a project when none is open', () => {
    setup(undefined, null);
    expect(byId('models-no-project').textContent).toMatch(/Models are kept in a project's catalog/);
  });

  it('shows the report of an ok folder, then adds it under the typed name as the default', async () => {
    const fake = setup();
    expect(await screen.findByTestId('models-empty')).toBeTruthy();
    const report = await inspect('/models/sd15', '/models/openpose.onnx');
    expect(fake.callsOf('models.inspect')[0]?.input).toEqual({
      path: '/models/sd15',
      controlnetPath: '/models/openpose.onnx',
    });
    expect(report.getAttribute('data-ok')).toBe('true');
    expect(byId('model-report-verdict').textContent).toBe('This folder can be added.');
    expect(byId('model-report-layout').textContent).toBe('Optimum (diffusers-style)');
    expect(byId('model-report-hash').textContent).toBe(fakeReport('/models/sd15').hash);
    const unet = byId('model-component-unet');
    expect(within(unet).getByText('unet/model.onnx')).toBeTruthy();
    expect(unet.textContent).toContain('float16');
    expect(unet.textContent).toContain('1.72 GB');
    expect(unet.textContent).toContain('timestep int64 [steps]');
    expect(unet.textContent).toContain('sample float16 [batch, 4, height, width]');
    expect((byId('models-name') as HTMLInputElement).placeholder).toBe('sd15');

    change('models-name', '  SD 1.5 fp16 ');
    fireEvent.click(byId('models-add-confirm'));
    expect((await screen.findByTestId('models-added')).textContent).toBe(
      'Added SD 1.5 fp16: it is the default model.',
    );
    expect(fake.callsOf('models.add')[0]?.input).toEqual({
      path: '/models/sd15',
      controlnetPath: '/models/openpose.onnx',
      name: 'SD 1.5 fp16',
    });
    const row = await screen.findByTestId('model-row-1');
    expect(row.getAttribute('data-default')).toBe('true');
    expect(row.textContent).toContain('SD 1.5 fp16');
    expect(row.textContent).toContain('2.10 GB');
    expect(row.textContent).toContain(fakeReport('/models/sd15').hash.slice(0, 12));
    expect(row.textContent).not.toContain(fakeReport('/models/sd15').hash);
    // The form is cleared for the next folder.
    expect((byId('models-path') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('model-report')).toBeNull();
    // Removing it drops the "Added …" notice, which would otherwise name a model that is gone.
    fireEvent.click(byId('model-remove-1'));
    fireEvent.click(byId('model-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('models-added')).toBeNull());
    expect(fake.state.models.models).toHaveLength(0);
  });

  it('shows why a broken folder would be refused, names file and input, and cannot add it', async () => {
    setup((fake) => fake.state.models.reports.set('/models/broken', brokenReport('/models/broken')));
    const report = await inspect('/models/broken');
    expect(report.getAttribute('data-ok')).toBe('false');
    expect(byId('model-report-verdict').textContent).toBe(
      'This folder would be refused: 1 error to fix first.',
    );
    const issues = screen.getAllByTestId('model-issue');
    expect(issues.map((li) => [li.getAttribute('data-severity'), li.textContent])).toEqual([
      ['error', 'error unet/model.onnx, timestep: is string; expected int64 or float'],
      ['warning', 'warning model_index.json: names a pipeline class this studio does not know'],
    ]);
    expect((byId('models-add-confirm') as HTMLButtonElement).disabled).toBe(true);
    // A path edited after inspecting drops the report: what is added is what was inspected.
    change('models-path', '/models/other');
    expect(screen.queryByTestId('model-report')).toBeNull();
    expect(screen.queryByTestId('models-add-confirm')).toBeNull();
  });

  it("shows the studio's refusal of a folder already in the catalog with its code", async () => {
    const fake = setup();
    await addThroughClient(fake, '/models/sd15');
    await inspect('/models/sd15');
    fireEvent.click(byId('models-add-confirm'));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('CONFLICT');
    expect(alert.textContent).toContain('already holds /models/sd15');
  });
});

describe('Models page: native pickers', () => {
  it('shows why the folder picker failed', async () => {
    const fake = setup((f) => (f.state.nativeDialogs = true)); // app.pickPath is not in the fake
    fireEvent.click(await screen.findByTestId('models-path-pick'));
    const alert = await within(byId('models-add')).findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('INTERNAL');
    expect(alert.textContent).toContain('app.pickPath');
    expect(fake.callsOf('app.pickPath')).toHaveLength(1);
    expect((byId('models-path') as HTMLInputElement).value).toBe('');
  });
});

describe('Models page: the list', () => {
  it('changes a provider (unlisted ones disabled), moves the default, and shows the stored report', async () => {
    const fake = setup();
    await addThroughClient(fake, '/models/a');
    await addThroughClient(fake, '/models/b');
    const select = (await screen.findByTestId('model-provider-2')) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(5));
    const disabled = [...select.options].filter((o) => o.disabled).map((o) => o.value);
    expect(disabled).toEqual(['dml', 'coreml']);
    expect([...select.options].find((o) => o.value === 'dml')?.title).toBe('DirectML: Windows only');
    fireEvent.change(select, { target: { value: 'cuda' } });
    await waitFor(() => expect(fake.state.models.models[1]?.provider).toBe('cuda'));
    expect(fake.callsOf('models.update')[0]?.input).toEqual({ id: 2, provider: 'cuda' });

    expect(screen.queryByTestId('model-default-1')).toBeNull();
    fireEvent.click(byId('model-default-2'));
    await waitFor(() => expect(byId('model-row-2').getAttribute('data-default')).toBe('true'));
    expect(byId('model-row-1').getAttribute('data-default')).toBe('false');
    expect(fake.callsOf('models.update')[1]?.input).toEqual({ id: 2, isDefault: true });

    fireEvent.click(byId('model-report-toggle-1'));
    expect(within(byId('models-list')).getByTestId('model-report').textContent).toContain('/models/a');
  });

  it('removes a model after confirming (its files stay) and shows a refusal while a job uses it', async () => {
    const fake = setup();
    await addThroughClient(fake, '/models/a');
    await addThroughClient(fake, '/models/b');
    fake.state.models.busy.set(2, 17);
    fireEvent.click(await screen.findByTestId('model-remove-1'));
    expect(byId('model-remove-dialog').textContent).toContain('Its files in /models/a stay where they are.');
    fireEvent.click(byId('model-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('model-row-1')).toBeNull());
    expect(fake.callsOf('models.remove')[0]?.input).toEqual({ id: 1 });
    await waitFor(() => expect(byId('model-row-2').getAttribute('data-default')).toBe('true'));

    fireEvent.click(byId('model-remove-2'));
    fireEvent.click(byId('model-remove-confirm'));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('CONFLICT');
    expect(alert.textContent).toContain('used by generation job 17');
    expect(byId('model-row-2')).toBeTruthy();
  });
});
