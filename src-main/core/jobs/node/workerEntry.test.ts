import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/helpers/paths';
import { resolveWorkerEntry } from './workerEntry';

describe('finding the generation worker', () => {
  it('uses worker.ts from source (tsx) when there is no bundle', () => {
    expect(resolveWorkerEntry()).toEqual({ file: join(__dirname, 'worker.ts'), source: true });
  });

  it('prefers the bundled worker.js next to the main chunks', () => {
    const dir = join(tempDir(), 'out', 'main');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'worker.js'), '');
    writeFileSync(join(dir, 'worker.ts'), '');
    expect(resolveWorkerEntry(dir)).toEqual({ file: join(dir, 'worker.js'), source: false });
  });

  it('says clearly when neither exists', () => {
    expect(() => resolveWorkerEntry(tempDir())).toThrow(/worker thread's script is missing/);
  });
});
