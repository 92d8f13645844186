// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProjectInfo } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { LibraryShareProvider } from '../poses/LibraryShareContext';
import { samplePrompt } from './model/promptTemplate';
import { GeneratePage } from './GeneratePage';

afterEach(cleanup);

const project: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 12 };

function setup(poses = 12) {
  const fake = createFakeStudio({ poses });
  for (const pose of fake.state.poses.slice(0, 4)) pose.tags = ['keep'];
  renderWithStudio(
    fake.connection,
    <LibraryShareProvider projectPath={project.path}>
      <GeneratePage project={project} onOpenProject={() => undefined} />
    </LibraryShareProvider>,
  );
  return fake;
}

const plan = () => screen.getByTestId('generate-plan').textContent;
const change = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
const runItem = (id: number) =>
  screen.getByTestId('generate-queue').querySelector<HTMLElement>(`[data-run-id="${id}"]`)!;

describe('Generate page: the form', () => {
  it('counts poses and variants, shows generators and options, previews prompts and queues a run', async () => {
    const fake = setup();
    await waitFor(() => expect(plan()).toBe('12 poses → 60 variants'));
    expect(screen.getByTestId('poses-all')).toHaveProperty('checked', true);
    expect(screen.getByTestId('generator-description').textContent).toMatch(/procedural clothed figure/);
    const sd = within(screen.getByTestId('generator-select')).getByText('SD 1.5 + ControlNet (unavailable)');
    expect(sd).toHaveProperty('disabled', true);
    expect(screen.getByTestId('generators-unavailable').textContent).toContain('no model folder registered');
    expect(screen.getByTestId('option-faceDefectRate')).toHaveProperty('value', '0');
    expect(screen.getByTestId('option-hats')).toHaveProperty('checked', true);

    const template = 'a {red|blue|green} shirt';
    change('prompt-template', template);
    const samples = screen.getAllByTestId('prompt-sample').map((item) => item.textContent);
    expect(samples).toEqual([0, 1, 2].map((seed) => `seed ${seed} ${samplePrompt(template, seed)}`));

    fireEvent.click(screen.getByTestId('poses-tag'));
    await within(screen.getByTestId('poses-tag-select')).findByText('keep (4)');
    change('poses-tag-select', 'keep');
    change('variants-per-pose', '3');
    await waitFor(() => expect(plan()).toBe('4 poses → 12 variants'));
    change('option-faceDefectRate', '0.25');
    change('option-background', '0');
    fireEvent.click(screen.getByTestId('option-hats'));
    change('seed', '7');
    fireEvent.click(screen.getByTestId('generate-start'));

    const started = await screen.findByTestId('generate-started');
    expect(started.textContent).toBe('Queued Run #1 · mannequin · 4 poses × 3 (12 variants)');
    expect(fake.callsOf('generate.start')[0]?.input).toEqual({
      poses: { tags: ['keep'] },
      variantsPerPose: 3,
      generator: 'mannequin',
      width: 256,
      height: 256,
      promptTemplate: template,
      seedMode: 'increment',
      seed: 7,
      options: { background: 'gradient', faceDefectRate: 0.25, hats: false },
    });
    await waitFor(() => expect(runItem(1).getAttribute('data-state')).toBe('queued'));
  });

  it('shows validation errors next to their fields and keeps Generate disabled until they are fixed', async () => {
    const fake = setup();
    await waitFor(() => expect(plan()).toBe('12 poses → 60 variants'));
    const start = screen.getByTestId('generate-start');
    change('variants-per-pose', '0');
    expect(screen.getByTestId('variants-field-error').textContent).toBe('must be between 1 and 64');
    expect(screen.getByTestId('variants-per-pose').getAttribute('aria-invalid')).toBe('true');
    change('prompt-template', 'a {red|blue shirt');
    expect(screen.getByTestId('prompt-field-error').textContent).toMatch(/not closed/);
    expect(screen.getByTestId('prompt-preview').textContent).toContain('Fix the template');
    change('option-faceDefectRate', '2');
    expect(screen.getByTestId('option-faceDefectRate-field-error').textContent).toBe('must be at most 1');
    change('size-width', '10');
    expect(screen.getByTestId('size-width-field-error').textContent).toBe('must be between 64 and 2,048');
    fireEvent.click(screen.getByTestId('poses-selection'));
    expect(screen.getByTestId('generate-poses-error').textContent).toMatch(/select poses on the Poses page/);
    expect(start).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByTestId('poses-all'));
    change('variants-per-pose', '2');
    change('prompt-template', 'a {red|blue} shirt');
    change('option-faceDefectRate', '1');
    change('size-width', '512');
    await waitFor(() => expect(start).toHaveProperty('disabled', false));
    expect(screen.queryByTestId('variants-field-error')).toBeNull();
    expect(start.textContent).toBe('Generate 24 variants');
    fireEvent.click(start);
    await screen.findByTestId('generate-started');
    expect(fake.callsOf('generate.start')[0]?.input).toMatchObject({
      poses: {},
      width: 512,
      variantsPerPose: 2,
    });
  });
});

describe('Generate page: queue and live variants', () => {
  it('follows a run live: progress, pause / resume / cancel by state, variants arriving, detail view', async () => {
    const fake = setup(2);
    await fake.connection.client.call('generate.start', {
      variantsPerPose: 5,
      promptTemplate: 'a {red|blue} shirt',
    });
    const item = await waitFor(() => {
      expect(runItem(1)).not.toBeNull();
      return runItem(1);
    });
    const button = (name: string) => within(item).getByRole('button', { name: `${name} run 1` });
    expect(item.getAttribute('data-state')).toBe('queued');
    expect(await screen.findByTestId('live-empty')).toBeTruthy();

    act(() => void fake.generation.produce(1, 4));
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('running'));
    expect(within(item).getByTestId('run-detail').textContent).toBe(
      '4 of 10 items · 4.0 variants/s · 2 s left',
    );
    expect(within(item).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    await waitFor(() => expect(screen.getAllByTestId('variant-tile')).toHaveLength(4));
    const newest = screen.getAllByTestId('variant-tile')[0]!;
    expect(newest.getAttribute('data-variant-id')).toBe('4');
    expect(newest.getAttribute('title')).toBe('a {red|blue} shirt #4');
    expect(newest.querySelector('img')?.getAttribute('src')).toBe('http://studio/media/00/0004.webp?token=t');
    expect(newest.textContent).toBe('pose 1#3seed 3');

    act(() => fake.generation.fail(1, 1));
    await waitFor(() => expect(within(item).getByTestId('run-detail').textContent).toContain('1 failed'));

    expect(
      [button('Pause'), button('Resume'), button('Cancel')].map((b) => b.hasAttribute('disabled')),
    ).toEqual([false, true, false]);
    fireEvent.click(button('Pause'));
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('paused'));
    expect(fake.callsOf('jobs.pause')[0]?.input).toEqual({ id: 101 });
    await waitFor(() => expect(button('Resume').hasAttribute('disabled')).toBe(false));
    expect(button('Pause').hasAttribute('disabled')).toBe(true);
    fireEvent.click(button('Resume'));
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('running'));
    act(() => void fake.generation.produce(1, 2));
    await waitFor(() => expect(screen.getAllByTestId('variant-tile')).toHaveLength(6));
    fireEvent.click(button('Cancel'));
    await waitFor(() => expect(item.getAttribute('data-state')).toBe('cancelled'));
    await waitFor(() => expect(button('Cancel').hasAttribute('disabled')).toBe(true));
    expect(button('Pause').hasAttribute('disabled')).toBe(true);
    expect(button('Resume').hasAttribute('disabled')).toBe(true);

    const first = screen.getByTestId('live-variants').querySelector<HTMLElement>('[data-variant-id="1"]')!;
    fireEvent.click(first);
    const dialog = await screen.findByTestId('variant-detail');
    expect(within(dialog).getByTestId('variant-rgb').getAttribute('src')).toBe(
      'http://studio/media/00/0001.png?token=t',
    );
    expect(within(dialog).getByTestId('variant-depth').getAttribute('src')).toBe(
      'http://studio/media/00/0001-depth.png?token=t',
    );
    expect(within(dialog).getByTestId('variant-parts')).toBeTruthy();
    expect(within(dialog).getByTestId('variant-face-defect').textContent).toBe('blurred');
    const attributes = within(dialog).getByTestId('variant-attributes');
    expect(attributes.hasAttribute('open')).toBe(true);
    expect(attributes.textContent).toContain('"shirt": "red striped"');
    const params = within(dialog).getByTestId('variant-params');
    expect(params.hasAttribute('open')).toBe(false);
    expect(params.textContent).toContain('"generator": "mannequin"');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('variant-detail')).toBeNull();

    const second = screen.getByTestId('live-variants').querySelector<HTMLElement>('[data-variant-id="2"]')!;
    fireEvent.click(second);
    const other = await screen.findByTestId('variant-detail');
    expect(within(other).getByTestId('variant-parts-missing').textContent).toBe('none');
    expect(within(other).getByTestId('variant-face-defect').textContent).toBe('none (clean face)');
  });

  it('lists runs newest first and shows the variants of the run the user picks', async () => {
    const fake = setup(3);
    await fake.connection.client.call('generate.start', { variantsPerPose: 2 });
    await fake.connection.client.call('generate.start', { variantsPerPose: 1 });
    fake.generation.produce(1, 3);
    fake.generation.produce(2, 1);
    await waitFor(() =>
      expect(screen.getAllByTestId('run-item').map((el) => el.getAttribute('data-run-id'))).toEqual([
        '2',
        '1',
      ]),
    );
    await waitFor(() => expect(screen.getAllByTestId('variant-tile')).toHaveLength(1));
    expect(screen.getByRole('heading', { name: 'Variants of run #2' })).toBeTruthy();
    fireEvent.click(within(runItem(1)).getByTestId('run-select'));
    await waitFor(() => expect(screen.getAllByTestId('variant-tile')).toHaveLength(3));
    expect(within(runItem(1)).getByTestId('run-select').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('live-count').textContent).toBe('3 variants');
    const runsCalls = fake
      .callsOf('variants.list')
      .map((c) => (c.input as { filter: { runId: number } }).filter.runId);
    expect(runsCalls).toContain(1);
  });
});
