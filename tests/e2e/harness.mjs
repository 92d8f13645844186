// Starting what the browser checks drive: `pose-studio serve` on a fresh temp project and a
// headless Chromium (playwright-core, Debian's chromium) with a page that records its errors.
// Used by bench/editor-drag.mjs and by standalone runs of single step files; run.mjs keeps its
// own copy of the same start-up for now.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const cli = process.env.POSE_STUDIO_CLI ?? join(repo, 'out/main/cli.js');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the harness cannot run here (no Chromium, no build), or null. */
export function missingPrerequisite() {
  if (!existsSync(chromiumPath))
    return `Chromium not found at ${chromiumPath}: install it with apt-get install -y chromium (or set CHROMIUM_PATH)`;
  if (!existsSync(cli)) return `${cli} is missing: run npm run build first`;
  return null;
}

/** Start `serve` on `projectDir` and resolve `url` with the address it prints. */
export function startServer(projectDir) {
  const child = spawn(process.execPath, [cli, 'serve', '--project', projectDir, '--create', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL in 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = /Pose Studio is serving at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${output}`));
    });
  });
  return { child, url };
}

export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A served temp project and a page on it: `{ ctx, close }`, ctx shaped like run.mjs's (page, url,
 * projectDir, origin, token, pageErrors, log). `close` stops everything and removes the project.
 */
export async function openSession({ viewport = { width: 1440, height: 900 } } = {}) {
  const projectDir = join(mkdtempSync(join(tmpdir(), 'pose-studio-e2e-')), 'e2e-project');
  const server = startServer(projectDir);
  let browser = null;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await stopServer(server.child);
    rmSync(dirname(projectDir), { recursive: true, force: true });
  };
  try {
    const url = await server.url;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const parsed = new URL(url);
    const ctx = {
      page,
      url,
      projectDir,
      origin: parsed.origin,
      token: parsed.searchParams.get('token'),
      pageErrors: [],
      log: (line) => console.log(`    ${line}`),
    };
    page.on('pageerror', (error) => ctx.pageErrors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && ctx.pageErrors.push(message.text()));
    return { ctx, close };
  } catch (error) {
    await close();
    throw error;
  }
}
