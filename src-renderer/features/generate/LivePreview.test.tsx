// @vitest-environment jsdom
/**
 * The live panel's preview of the variant in the making: the latest `generate.preview` of the
 * shown run appears above the variants with "step k/n", scaled up from latent resolution; previews
 * of other runs are ignored; a finished run shows none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import type { EventPayload, GenerationRun } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { LiveVariants } from './LiveVariants';

afterEach(cleanup);

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function run(state: GenerationRun['state']): GenerationRun {
  return {
    id: 4,
    jobId: 9,
    state,
    generator: 'sd-controlnet',
    request: {
      poses: {},
      variantsPerPose: 2,
      generator: 'sd-controlnet',
      width: 512,
      height: 768,
      promptTemplate: 'a dancer',
      seedMode: 'increment',
      seed: 0,
      options: {},
    },
    poseCount: 3,
    total: 6,
    done: 1,
    failed: 0,
    createdAt: 1,
  };
}

function preview(
  overrides: Partial<EventPayload<'generate.preview'>> = {},
): EventPayload<'generate.preview'> {
  return {
    jobId: 9,
    runId: 4,
    poseId: 12,
    index: 1,
    step: 5,
    steps: 20,
    width: 64,
    height: 96,
    dataUrl: PNG,
    ...overrides,
  };
}

function setup(state: GenerationRun['state']) {
  const fake = createFakeStudio({ poses: 3 });
  const view = renderWithStudio(fake.connection, <LiveVariants run={run(state)} onOpen={() => undefined} />);
  return { fake, view };
}

describe('LivePreview in the live panel', () => {
  it('shows the latest preview of the run with its step, scaled up from latent size', async () => {
    const { fake } = setup('running');
    expect(screen.queryByTestId('live-preview')).toBeNull();
    act(() => fake.hub.emit('generate.preview', preview()));
    const image = (await screen.findByTestId('live-preview')).querySelector('img')!;
    expect(image.getAttribute('src')).toBe(PNG);
    expect([image.width, image.height]).toEqual([64, 96]);
    expect(image.alt).toBe('Preview of pose 12, variant 1, step 5/20');
    expect(screen.getByTestId('live-preview-step').textContent).toBe('step 5/20');

    act(() => fake.hub.emit('generate.preview', preview({ runId: 5, step: 19 })));
    expect(screen.getByTestId('live-preview-step').textContent).toBe('step 5/20');
    act(() => fake.hub.emit('generate.preview', preview({ step: 10, poseId: 13, index: 0 })));
    expect(screen.getByTestId('live-preview-step').textContent).toBe('step 10/20');
    expect(screen.getByTestId('live-preview').textContent).toContain('pose 13 #0');
  });

  it('shows no preview once the run has finished', () => {
    const { fake } = setup('done');
    act(() => fake.hub.emit('generate.preview', preview()));
    expect(screen.queryByTestId('live-preview')).toBeNull();
  });
});
