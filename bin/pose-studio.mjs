#!/usr/bin/env node
// Runs the bundled CLI (out/main/cli.js, from `npm run build`); in a source checkout without a
// build it falls back to the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out/main/cli.js');
const require = createRequire(import.meta.url);

if (existsSync(built)) {
  require(built);
} else {
  const { register } = await import('tsx/cjs/api');
  register();
  require(join(root, 'src-main/cli/main.ts'));
}
