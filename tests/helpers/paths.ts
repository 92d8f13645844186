/**
 * @file Paths tests need: the repo root, the shared fixtures beside it (never copied into the
 * repo), and fresh temp folders that are removed after the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const repoRoot = resolve(__dirname, '../..');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');
export const poseFixture = (relative: string): string => join(fixturesDir, 'poses', relative);

/** A fresh temp folder, deleted when the test file finishes. */
export function tempDir(prefix = 'pose-studio-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
