// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ApiProvider } from '../api/ApiContext';
import { createFakeStudio } from '../testing/fakeStudio';
import { stubLayout } from '../testing/dom';
import { App } from './App';

let restore: () => void;
beforeEach(() => {
  window.location.hash = '';
  restore = stubLayout(1000, 700);
});
afterEach(() => {
  cleanup();
  restore();
});

function renderApp(options: { project?: boolean; poses?: number } = {}) {
  const fake = createFakeStudio(options);
  render(
    <ApiProvider connection={fake.connection}>
      <App />
    </ApiProvider>,
  );
  return fake;
}

describe('App shell', () => {
  it('starts on the project page when no project is open, and the library sends the user there', async () => {
    renderApp({ project: false });
    await screen.findByTestId('no-project');
    expect(screen.getByTestId('topbar-project').textContent).toBe('No project open');
    fireEvent.click(screen.getByTestId('nav-poses'));
    fireEvent.click(await screen.findByTestId('go-to-project'));
    await screen.findByTestId('page-project');
  });

  it('routes the Models and Settings pages', async () => {
    renderApp({ poses: 3 });
    await screen.findByText('3 poses');
    fireEvent.click(screen.getByTestId('nav-models'));
    const page = await screen.findByTestId('page-models');
    expect(within(page).getByRole('heading', { level: 1 }).textContent).toBe('Models');
    expect(screen.getByTestId('nav-models').getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-provider');
    expect(window.location.hash).toBe('#/settings');
  });

  it('shows project errors with their code, then opens a project and goes to the library', async () => {
    const fake = renderApp({ project: false });
    const path = await screen.findByTestId('project-path');
    fireEvent.change(path, { target: { value: '/p/exists' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('PROJECT_EXISTS');
    expect(alert.textContent).toContain('a project already exists at /p/exists');
    fireEvent.change(path, { target: { value: '/p/future' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(
      (await screen.findByText(/newer Pose Studio/)).closest('[role=alert]')?.getAttribute('data-code'),
    ).toBe('VERSION_TOO_NEW');
    fireEvent.change(path, { target: { value: '/p/fresh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByTestId('page-poses');
    expect(screen.getByTestId('topbar-project').textContent).toBe('fresh');
    expect(fake.callsOf('project.open').at(-1)?.input).toEqual({ path: '/p/fresh' });
  });

  it('shows a readable boot error when the studio cannot be reached', async () => {
    const fake = createFakeStudio();
    const failing = {
      ...fake.connection,
      client: {
        ...fake.connection.client,
        call: () => Promise.reject(new Error('cannot reach the studio server (fetch failed)')),
      },
    } as typeof fake.connection;
    render(
      <ApiProvider connection={failing}>
        <App />
      </ApiProvider>,
    );
    await screen.findByText('Cannot reach the studio');
    expect(screen.getByRole('alert').textContent).toContain('fetch failed');
  });
});
