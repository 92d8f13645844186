/**
 * @file jsdom helpers for component tests: a fixed layout size (jsdom lays nothing out, so the
 * virtualized grid would otherwise see a 0×0 viewport), canvas contexts stubbed to null (jsdom has
 * no 2D canvas), and a render wrapper with the API and jobs providers around a fake studio.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiProvider } from '../api/ApiContext';
import type { Connection } from '../api/connect';
import { JobsProvider } from '../features/jobs/JobsContext';

export function stubLayout(width: number, height: number): () => void {
  const proto = HTMLElement.prototype;
  const originals = ['clientWidth', 'clientHeight'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const,
  );
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof getContext;
  return () => {
    for (const [name, descriptor] of originals) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else delete (proto as unknown as Record<string, unknown>)[name];
    }
    HTMLCanvasElement.prototype.getContext = getContext;
  };
}

export function renderWithStudio(connection: Connection, ui: ReactNode) {
  return render(
    <ApiProvider connection={connection}>
      <JobsProvider projectPath="/p/demo">{ui}</JobsProvider>
    </ApiProvider>,
  );
}
