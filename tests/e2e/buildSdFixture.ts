/**
 * @file Writes the tiny random-weight SD 1.5 + ControlNet-OpenPose folder (Optimum layout, 64x64
 * images) that the browser steps add on the Models page: `node --import tsx
 * tests/e2e/buildSdFixture.ts <dir>` prints the folder's absolute path. The e2e runner is plain
 * JavaScript, so it builds the fixture through this script rather than importing the TS helpers.
 */
import { buildSdModelFolder } from '../helpers/sdModels';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node --import tsx tests/e2e/buildSdFixture.ts <dir>\n');
  process.exitCode = 2;
} else {
  const folder = buildSdModelFolder(dir, { layout: 'optimum', seed: 7 });
  process.stdout.write(`${folder.root}\n`);
}
