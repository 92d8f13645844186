// Starting what the browser checks drive: `pose-studio serve` on a fresh temp project and a
// headless Chromium (playwright-core, Debian's chromium) with a page that records its errors, and
// running a list of `[name, fn]` steps on it. The one start-up for run.mjs (the whole suite),
// standalone runs of single step files (runSuite) and bench/editor-drag.mjs (openSession).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert } from './helpers.mjs';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The CLI to serve with; overridable to run the browser checks against another build of the server.
export const cli = process.env.POSE_STUDIO_CLI ?? join(repo, 'out/main/cli.js');
/** Where screenshots and downloads go. */
export const artifacts = join(repo, '.artifacts/e2e');
/** The COCO fixture the suites import (68 importable poses, 50 skipped). */
export const cocoFixture = resolve(
  repo,
  '../shared/fixtures/poses/coco/coco-mini_person_keypoints_val2017.json',
);

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
    if (process.env.E2E_DEBUG)
      page.on('console', (message) =>
        console.log('console:', message.type(), message.text(), JSON.stringify(message.location())),
      );
    return { ctx, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Open the served app in the session's page and wait until its top bar shows the project. */
export async function openApp(ctx) {
  await ctx.page.goto(ctx.url);
  await ctx.page.getByTestId('topbar-project').waitFor();
}

/**
 * Run `[name, fn]` steps in order, printing each with its time; the first failure prints its
 * stack, saves `<failurePrefix>-<n>.png` of `page` and stops the run (later steps build on it).
 */
export async function runSteps(steps, { page, failurePrefix }) {
  let passed = 0;
  let failed = 0;
  for (const [name, run] of steps) {
    const started = Date.now();
    try {
      await run();
      passed += 1;
      console.log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(
        `  FAIL ${name}\n       ${String(error?.stack ?? error)
          .split('\n')
          .join('\n       ')}`,
      );
      await page
        .screenshot({ path: join(artifacts, `${failurePrefix}-${passed + failed}.png`) })
        .catch(() => undefined);
      break;
    }
  }
  return { passed, failed };
}

/**
 * One browser suite from start to end: checks the prerequisites, opens a session, runs
 * `prepare(ctx)` (seed data, open the app), then `defineSteps(ctx, { shot, artifacts })` and a last
 * step that fails on any page error; closes everything and prints `<label>: N passed, M failed`.
 * Resolves with the exit code (1 when a prerequisite is missing, set-up failed or a step failed).
 */
export async function runSuite({ label, failurePrefix, defineSteps, prepare = async () => undefined }) {
  const missing = missingPrerequisite();
  if (missing !== null) {
    console.error(missing);
    return 1;
  }
  mkdirSync(artifacts, { recursive: true });
  let counts = { passed: 0, failed: 0 };
  let session = null;
  try {
    session = await openSession();
    const { ctx } = session;
    const shot = (name) => ctx.page.screenshot({ path: join(artifacts, `${name}.png`) });
    await prepare(ctx);
    const steps = [
      ...defineSteps(ctx, { shot, artifacts }),
      [
        'the page logged no errors',
        async () => assert(ctx.pageErrors.length === 0, `page errors:\n${ctx.pageErrors.join('\n')}`),
      ],
    ];
    counts = await runSteps(steps, { page: ctx.page, failurePrefix });
  } catch (error) {
    counts.failed += 1;
    console.log(`  FAIL setup\n       ${String(error?.stack ?? error)}`);
  } finally {
    await session?.close();
  }
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed === 0 ? 0 : 1;
}
