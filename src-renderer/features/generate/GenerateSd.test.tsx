// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProjectInfo } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { LibraryShareProvider } from '../poses/LibraryShareContext';
import { GeneratePage } from './GeneratePage';

afterEach(cleanup);

const project: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 3 };

/** The Generate page on a fake studio; `sd` makes the SD generator available, `models` adds folders. */
async function setup({ sd = true, models = [] as string[] } = {}) {
  const fake = createFakeStudio({ poses: 3 });
  if (sd) {
    fake.state.generation.generators = fake.state.generation.generators.map((g) =>
      g.id === 'sd-controlnet' ? { ...g, available: true, unavailableReason: null } : g,
    );
  }
  for (const path of models) await fake.connection.client.call('models.add', { path });
  renderWithStudio(
    fake.connection,
    <LibraryShareProvider projectPath={project.path}>
      <GeneratePage project={project} onOpenProject={() => undefined} />
    </LibraryShareProvider>,
  );
  await waitFor(() => expect(screen.getByTestId('generate-plan').textContent).toBe('3 poses → 15 variants'));
  return fake;
}

const change = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
const optionTexts = (testId: string) =>
  [...screen.getByTestId<HTMLSelectElement>(testId).options].map((option) => option.textContent);

async function chooseSd() {
  change('generator-select', 'sd-controlnet');
  await screen.findByTestId('option-modelId');
}

describe('Generate page: the sd-controlnet options', () => {
  it('while unavailable, shows the reason with a link to the Models page', async () => {
    await setup({ sd: false });
    const list = screen.getByTestId('generators-unavailable');
    expect(list.textContent).toContain('no model folder registered');
    const link = within(list).getByTestId('generator-models-link');
    expect(link.getAttribute('href')).toBe('#/models');
  });

  it('offers the project models (default preselected), the scheduler, a negative prompt and stepped numbers', async () => {
    const fake = await setup({ models: ['/models/tiny', '/models/other'] });
    const [tiny, other] = fake.state.models.models;
    await chooseSd();
    const model = screen.getByTestId<HTMLSelectElement>('option-modelId');
    await waitFor(() => expect(model.options).toHaveLength(2));
    expect(optionTexts('option-modelId')).toEqual([
      `tiny · Optimum (diffusers-style) · ${tiny!.hash.slice(0, 12)} · default`,
      `other · Optimum (diffusers-style) · ${other!.hash.slice(0, 12)}`,
    ]);
    expect(model.value).toBe(String(tiny!.id));
    expect(screen.getByTestId('option-modelId-manage').getAttribute('href')).toBe('#/models');
    expect(optionTexts('option-scheduler')).toEqual(['ddim', 'euler-a', 'lcm']);
    expect(screen.getByTestId<HTMLSelectElement>('option-scheduler').selectedOptions[0]?.textContent).toBe(
      'euler-a',
    );
    expect(screen.getByTestId('option-negativePrompt').getAttribute('type')).toBe('text');
    const steps = (key: string) => screen.getByTestId(`option-${key}`).getAttribute('step');
    expect([steps('steps'), steps('guidance'), steps('controlnetScale')]).toEqual(['1', '0.5', '0.05']);
    expect(screen.getByTestId('option-controlnetScale-field').textContent).toContain('ControlNet scale');

    // The default model is left to the studio; the generator's defaults go with the request.
    fireEvent.click(screen.getByTestId('generate-start'));
    await screen.findByTestId('generate-started');
    expect(fake.callsOf('generate.start')[0]?.input).toMatchObject({
      generator: 'sd-controlnet',
      options: { steps: 20, guidance: 7.5, scheduler: 'euler-a', controlnetScale: 1 },
    });
    const first = fake.callsOf('generate.start')[0]?.input as { options: Record<string, unknown> };
    expect(first.options).not.toHaveProperty('modelId');

    change('option-modelId', String(other!.id));
    change('option-negativePrompt', 'blurry, extra fingers');
    change('option-steps', '4');
    change('option-scheduler', '0');
    change('size-width', '64');
    change('size-height', '64');
    fireEvent.click(screen.getByTestId('generate-start'));
    await waitFor(() => expect(fake.callsOf('generate.start')).toHaveLength(2));
    expect(fake.callsOf('generate.start')[1]?.input).toMatchObject({
      width: 64,
      height: 64,
      options: { modelId: other!.id, negativePrompt: 'blurry, extra fingers', steps: 4, scheduler: 'ddim' },
    });
  });

  it('fetches the generators again when a model is added or removed, not on other catalog changes', async () => {
    const fake = await setup({ sd: false });
    const sdOption = () =>
      within(screen.getByTestId('generator-select')).getByText(/^SD 1\.5 \+ ControlNet/) as HTMLOptionElement;
    expect(sdOption().disabled).toBe(true);
    const fetches = () => fake.callsOf('generators.list').length;
    const before = fetches();
    act(() => fake.hub.emit('catalog.changed', { entity: 'variants', reason: 'created' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches()).toBe(before);

    // Registering a model is what makes the studio report SD available.
    fake.state.generation.generators = fake.state.generation.generators.map((g) =>
      g.id === 'sd-controlnet' ? { ...g, available: true, unavailableReason: null } : g,
    );
    await act(() => fake.connection.client.call('models.add', { path: '/models/tiny' }));
    await waitFor(() => expect(sdOption().disabled).toBe(false));
    expect(sdOption().textContent).toBe('SD 1.5 + ControlNet');
    expect(screen.queryByTestId('generators-unavailable')).toBeNull();
    expect(fetches()).toBe(before + 1);

    // Removing it again: the list follows (after the throttle's interval).
    fake.state.generation.generators = fake.state.generation.generators.map((g) =>
      g.id === 'sd-controlnet'
        ? { ...g, available: false, unavailableReason: 'no model folder registered' }
        : g,
    );
    await act(() => fake.connection.client.call('models.remove', { id: fake.state.models.models[0]!.id }));
    await waitFor(() => expect(sdOption().disabled).toBe(true), { timeout: 2000 });
    expect(screen.getByTestId('generators-unavailable').textContent).toContain('no model folder registered');
  });

  it('with no model yet, the model select says so and links to the Models page', async () => {
    await setup();
    await chooseSd();
    const model = screen.getByTestId<HTMLSelectElement>('option-modelId');
    await waitFor(() => expect(optionTexts('option-modelId')).toEqual(['No model yet']));
    expect(model.disabled).toBe(true);
    expect(screen.getByTestId('option-modelId-manage').textContent).toBe('Add a model on the Models page');
  });

  it("an SD variant's detail shows the condition map; a mannequin variant has none", async () => {
    const fake = await setup({ models: ['/models/tiny'] });
    await fake.connection.client.call('generate.start', { generator: 'sd-controlnet', variantsPerPose: 1 });
    act(() => void fake.generation.produce(1, 1));
    await waitFor(() => expect(screen.getAllByTestId('variant-tile')).toHaveLength(1));
    fireEvent.click(screen.getAllByTestId('variant-tile')[0]!);
    const dialog = await screen.findByTestId('variant-detail');
    expect(within(dialog).getByTestId('variant-condition').getAttribute('src')).toBe(
      'http://studio/media/00/0001-condition.png?token=t',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));

    await fake.connection.client.call('generate.start', { variantsPerPose: 1 });
    act(() => void fake.generation.produce(2, 1));
    await waitFor(() =>
      expect(screen.getAllByTestId('variant-tile')[0]!.getAttribute('data-variant-id')).toBe('2'),
    );
    fireEvent.click(screen.getAllByTestId('variant-tile')[0]!);
    const other = await screen.findByTestId('variant-detail');
    expect(within(other).getByTestId('variant-rgb')).toBeTruthy();
    expect(within(other).queryByTestId('variant-condition')).toBeNull();
  });
});
