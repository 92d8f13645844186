import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../tests/helpers/paths';
import { buildSdModelFolder } from '../../../tests/helpers/sdModels/folder';
import { WorkerPool } from '../jobs/node/workerPool';
import { createGenerationEngine } from './generationEngine';

afterEach(() => vi.restoreAllMocks());

describe('generation engine: model inspection on a worker', () => {
  it('inspects on a worker that stops once idle, and starts again for the next inspection', async () => {
    const engine = await createGenerationEngine({ inspectIdleMs: 50 });
    const close = vi.spyOn(WorkerPool.prototype, 'close');
    const root = buildSdModelFolder(join(tempDir('engine-inspect-'), 'sd'), { layout: 'optimum' }).root;
    try {
      const report = await engine.inspectModel(root, {});
      expect(report).toMatchObject({ path: root, ok: true, layout: 'optimum' });
      expect(close).not.toHaveBeenCalled();
      await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1), { timeout: 2000, interval: 20 });

      const missing = await engine.inspectModel(join(root, 'nope'), { provider: 'cpu' });
      expect(missing.ok).toBe(false);
      expect(missing.issues[0]!.message).toContain('is not a folder');
    } finally {
      await engine.close();
    }
    // Closing the engine stops the second inspection worker at once (no idle wait).
    expect(close).toHaveBeenCalledTimes(2);
  }, 30_000);
});
