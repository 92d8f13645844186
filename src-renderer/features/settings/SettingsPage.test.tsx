// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { ProjectInfo } from '../../../src-main/contract';
import { renderWithStudio } from '../../testing/dom';
import { createFakeStudio } from '../../testing/fakeStudio';
import { SettingsPage } from './SettingsPage';

afterEach(cleanup);

const project: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 0 };
type Fake = ReturnType<typeof createFakeStudio>;

function setup(prepare: (fake: Fake) => void = () => undefined, open: ProjectInfo | null = project) {
  const fake = createFakeStudio();
  prepare(fake);
  renderWithStudio(fake.connection, <SettingsPage project={open} onOpenProject={() => undefined} />);
  return fake;
}

const select = () => screen.findByTestId('settings-provider') as Promise<HTMLSelectElement>;

describe('Settings page', () => {
  it('asks for a project when none is open', () => {
    setup(undefined, null);
    expect(screen.getByTestId('settings-no-project').textContent).toMatch(/No project is open/);
  });

  it('offers the listed providers, explains the unlisted ones and the fallback, and saves a choice', async () => {
    const fake = setup();
    const provider = await select();
    expect(provider.value).toBe('cpu');
    expect([...provider.options].map((o) => [o.value, o.disabled])).toEqual([
      ['cpu', false],
      ['cuda', false],
      ['dml', true],
      ['coreml', true],
      ['webgpu', false],
    ]);
    expect(screen.getByTestId('settings-provider-dml').textContent).toBe(
      'DirectML (Windows) (not available in this build for this machine): DirectML: Windows only',
    );
    expect(screen.getByTestId('settings-fallback').textContent).toMatch(/falls back to the CPU/);

    fireEvent.change(provider, { target: { value: 'cuda' } });
    await waitFor(() => expect(fake.state.models.settings.provider).toBe('cuda'));
    expect(fake.callsOf('settings.update')[0]?.input).toEqual({ provider: 'cuda' });
    await waitFor(() => expect(provider.value).toBe('cuda'));
    expect(screen.queryByTestId('settings-provider-unlisted')).toBeNull();
  });

  it('keeps showing a provider this machine does not list, and says generation will use the CPU', async () => {
    setup((fake) => {
      fake.state.models.settings = { provider: 'dml' };
    });
    const provider = await select();
    expect(provider.value).toBe('dml');
    expect([...provider.options].find((o) => o.value === 'dml')?.disabled).toBe(false);
    expect([...provider.options].find((o) => o.value === 'coreml')?.disabled).toBe(true);
    expect(screen.getByTestId('settings-provider-unlisted').textContent).toBe(
      'DirectML (Windows) is not available here: generation will use the CPU.',
    );
  });
});
