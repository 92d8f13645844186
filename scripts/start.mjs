// `npm start`: build if needed, then open the desktop app where Electron can start; where it
// cannot (no Electron binary, or no display), start server mode and print the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Electron binary, only if it was actually downloaded (requiring electron would try to fetch it). */
function electronBinary() {
  try {
    const dir = join(require.resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const { readFileSync } = require('node:fs');
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

// The build takes about two seconds; always making it means a pulled checkout never runs stale code.
if (!process.env.POSE_STUDIO_NO_BUILD) run('npm', ['run', 'build']);

const binary = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (binary && !headless && !process.argv.includes('--server')) {
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    binary
      ? 'No display: starting Pose Studio in server mode.'
      : 'The Electron binary is not installed here: starting Pose Studio in server mode (open the URL below in a browser).',
  );
  const project = process.env.POSE_STUDIO_PROJECT ?? join(homedir(), 'PoseStudio', 'default');
  mkdirSync(join(project, '..'), { recursive: true });
  const args = [join(root, 'bin/pose-studio.mjs'), 'serve', '--project', project, '--create'];
  if (process.env.PORT) args.push('--port', process.env.PORT);
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
