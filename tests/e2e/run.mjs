/* global document -- the waitForFunction callbacks run in the page */
// End-to-end test of the renderer against the real server (`npm run build && npm run test:e2e`).
// Starts `pose-studio serve` on a fresh temp project, drives the UI in headless Chromium
// (playwright-core, Debian's chromium), imports a COCO fixture through the file input, checks the
// report, the library count, drawn thumbnails, a keypoint filter against the API's own answer,
// tagging two poses and filtering by the tag, exporting the selection and downloading it.
// Screenshots go to .artifacts/e2e/. Prints `e2e: N passed, M failed`; exits non-zero on failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = resolve(repo, '../shared/fixtures/poses/coco/coco-mini_person_keypoints_val2017.json');
const artifacts = join(repo, '.artifacts/e2e');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The CLI to serve with; overridable to run this suite against another build of the server.
const cli = process.env.POSE_STUDIO_CLI ?? join(repo, 'out/main/cli.js');
const TAG = 'e2e-pick';

/** Start `serve` and resolve with the URL it prints; rejects with its output if it exits first. */
function startServer(projectDir) {
  const child = spawn(process.execPath, [cli, 'serve', '--project', projectDir, '--create', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /Pose Studio is serving at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${output}`));
    });
  });
  return { child, url };
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Call the API directly, as the UI does, to learn expected numbers. */
async function rpc(origin, token, method, input) {
  const response = await fetch(`${origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const envelope = await response.json();
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Poll jobs.list until job `id` is done; fail on failed/cancelled or after `timeout` ms. */
async function waitForJobAt(origin, token, id, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { items } = await rpc(origin, token, 'jobs.list', { limit: 200 });
    const job = items.find((item) => item.id === id);
    if (job?.state === 'done') return job;
    if (job && ['failed', 'cancelled'].includes(job.state))
      throw new Error(`job ${id} ${job.state}: ${job.error}`);
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state ?? 'missing'} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectText(locator, text, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let seen = '';
  while (Date.now() < deadline) {
    seen = ((await locator.textContent({ timeout }).catch(() => '')) ?? '').trim();
    if (seen === text) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`expected "${text}", saw "${seen}"`);
}

/** Pixels of a canvas that are neither the thumbnail background nor the pose frame colour. */
async function drawnPixels(canvasLocator) {
  return canvasLocator.evaluate((canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const background = [
      [0x16, 0x18, 0x1c],
      [0x22, 0x25, 0x2b],
    ];
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near = background.some(
        ([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24,
      );
      if (!near) count += 1;
    }
    return count;
  });
}

function defineSteps(ctx) {
  const { page } = ctx;
  const count = page.getByTestId('pose-count');
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const waitForJob = (id, timeout) => waitForJobAt(ctx.origin, ctx.token, id, timeout);
  return [
    [
      'the UI opens on the served project, token out of the address bar',
      async () => {
        await page.goto(ctx.url);
        await expectText(page.getByTestId('topbar-project'), basename(ctx.projectDir));
        await expectText(count, '0 poses');
        assert(!new URL(page.url()).searchParams.has('token'), `token left in the address: ${page.url()}`);
        await shot('01-empty-library');
      },
    ],
    [
      'importing the COCO fixture through the file input reports 68 imported, 50 skipped',
      async () => {
        await page.getByTestId('open-import').click();
        await page.getByTestId('import-file').setInputFiles(fixture);
        await shot('02-import-form');
        await page.getByTestId('import-start').click();
        // The fixture imports fast; catch the progress view when it is slow enough to be seen.
        await page
          .getByTestId('import-progress')
          .waitFor({ timeout: 1_000 })
          .then(() => shot('02b-import-progress'))
          .catch(() => undefined);
        await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
        await expectText(page.getByTestId('import-imported'), '68');
        const skipCells = page.locator('[data-testid^=import-skipped-]');
        const skipped = (await skipCells.allTextContents()).map((text) => Number(text.replace(/,/g, '')));
        assert(skipped.length > 0, 'the report shows no skip reasons');
        assert(skipped.reduce((a, b) => a + b, 0) === 50, `skip reasons sum to ${skipped.join('+')}, not 50`);
        const reasons = await page
          .locator('[data-testid^=import-skipped-]')
          .evaluateAll((cells) => cells.map((c) => c.dataset.testid));
        ctx.log(
          `skip reasons shown: ${reasons.map((r, i) => `${r.replace('import-skipped-', '')}=${skipped[i]}`).join(', ')}`,
        );
        await shot('03-import-report');
        await page.getByTestId('import-close').click();
      },
    ],
    [
      'the library counts 68 poses and draws skeleton thumbnails',
      async () => {
        await expectText(count, '68 poses');
        await page.locator('[data-testid=pose-card] canvas').first().waitFor();
        const cards = await page.getByTestId('pose-card').count();
        assert(cards >= 8, `only ${cards} cards rendered`);
        const pixels = await drawnPixels(page.locator('[data-testid=pose-card] canvas').first());
        assert(pixels > 30, `thumbnail has only ${pixels} drawn pixels`);
        await shot('04-library');
      },
    ],
    [
      'filtering by >= 15 labeled keypoints shows the count poses.list reports',
      async () => {
        const expected = (
          await rpc(ctx.origin, ctx.token, 'poses.list', { filter: { minLabeled: 15 }, limit: 1 })
        ).total;
        assert(expected > 0 && expected < 68, `unexpected API total ${expected}`);
        await page.getByTestId('filter-min-labeled').fill('15');
        await expectText(count, `${expected} poses`);
        await shot('05-filter-min-labeled');
        await page.getByTestId('filter-min-labeled').fill('');
        await expectText(count, '68 poses');
      },
    ],
    [
      'a click opens the detail panel with the pose drawn on its Konva stage',
      async () => {
        await page.getByTestId('pose-card').nth(2).click();
        const panel = page.getByTestId('detail-panel');
        await panel.getByText('Canvas').waitFor();
        const pixels = await drawnPixels(panel.locator('canvas').first());
        assert(pixels > 100, `the detail stage has only ${pixels} drawn pixels`);
        await page.getByTestId('pose-grid').focus();
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'detached' });
        await page.keyboard.press('Escape');
        await expectText(page.getByTestId('selection-count'), 'Nothing selected');
      },
    ],
    [
      'two selected poses get a tag, and the tag filter finds exactly them',
      async () => {
        const cards = page.getByTestId('pose-card');
        await cards.nth(0).click();
        await cards.nth(1).click({ modifiers: ['ControlOrMeta'] });
        await expectText(page.getByTestId('selection-count'), '2 selected');
        await page.getByTestId('selection-tag-input').fill(TAG);
        await page.getByTestId('selection-tag-add').click();
        await expectText(page.getByTestId('selection-outcome'), 'Tags changed on 2 poses');
        await page.getByTestId('filter-tag').selectOption(`tag:${TAG}`);
        await expectText(count, '2 poses');
        await shot('06-tagged-detail');
      },
    ],
    [
      'the selection exports as COCO and downloads',
      async () => {
        await page.keyboard.press('Escape');
        await page.getByTestId('pose-grid').focus();
        await page.keyboard.press('ControlOrMeta+a');
        await expectText(page.getByTestId('selection-count'), '2 selected');
        await page.getByTestId('export-format').selectOption('coco');
        await page.getByTestId('export-selection').click();
        const link = page.getByTestId('export-download');
        await link.waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        const saved = join(artifacts, download.suggestedFilename());
        await download.saveAs(saved);
        const exported = JSON.parse(readFileSync(saved, 'utf8'));
        assert(Array.isArray(exported.annotations), 'the download is not COCO JSON');
        assert(
          exported.annotations.length === 2,
          `the export holds ${exported.annotations.length} annotations`,
        );
        await shot('07-exported');
      },
    ],
    [
      'the tagged poses get 5 variants each on the Generate page, and they arrive with images',
      async () => {
        await page.getByTestId('nav-generate').click();
        await page.getByTestId('poses-tag').check();
        await page.getByTestId('poses-tag-select').selectOption(TAG);
        await expectText(page.getByTestId('generate-plan'), '2 poses → 10 variants');
        await page.getByTestId('variants-per-pose').fill('5');
        await page.getByTestId('generate-start').click();
        await expectText(page.getByTestId('run-state').first(), 'done', 60_000);
        const tiles = page.getByTestId('variant-tile');
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid="variant-tile"]').length === 10,
          null,
          {
            timeout: 15_000,
          },
        );
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('.gen-tile__image')].every(
              (img) => img.complete && img.naturalWidth > 0,
            ),
          null,
          { timeout: 15_000 },
        );
        const runs = await rpc(ctx.origin, ctx.token, 'generate.runs', {});
        const variants = await rpc(ctx.origin, ctx.token, 'variants.list', {
          filter: { runId: runs.items[0].id },
        });
        assert(variants.total === 10, `the catalog holds ${variants.total} variants`);
        assert((await tiles.count()) === 10, 'not all 10 variants are shown');
        const doctor = await rpc(ctx.origin, ctx.token, 'doctor.check', {});
        assert(doctor.ok && doctor.issues.length === 0, `doctor: ${JSON.stringify(doctor.issues)}`);
        await shot('08-generated');
      },
    ],
    [
      'the Review page scores the variants, keyboard decisions save and undo, rules preview and apply',
      async () => {
        await page.getByTestId('nav-review').click();
        await page.getByTestId('review-page').waitFor();
        await page.getByTestId('review-tile').first().waitFor({ timeout: 15_000 });
        await expectText(page.getByTestId('review-count-unreviewed'), '10');
        await page.getByTestId('review-score-start').click();
        const deadline = Date.now() + 90_000;
        for (;;) {
          const { items } = await rpc(ctx.origin, ctx.token, 'jobs.list', { limit: 50 });
          const job = items.find((j) => j.kind.includes('score'));
          if (job?.state === 'done') break;
          assert(
            !job || !['failed', 'cancelled'].includes(job.state),
            `scoring ${job?.state}: ${job?.error}`,
          );
          assert(Date.now() < deadline, 'scoring did not finish in 90 s');
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        const first = page.getByTestId('review-tile').first();
        await first.click();
        await page.keyboard.press('a');
        await expectText(page.getByTestId('review-count-accepted'), '1');
        const id = Number(await first.getAttribute('data-variant-id'));
        const saved = await rpc(ctx.origin, ctx.token, 'variants.list', { filter: { status: 'accepted' } });
        assert(
          saved.items.some((v) => v.id === id),
          `variant ${id} is not accepted in the catalog`,
        );
        await page.keyboard.press('u');
        await expectText(page.getByTestId('review-count-accepted'), '0');
        await page.keyboard.press('Space');
        await page.getByTestId('review-preview').waitFor();
        await shot('09-review-preview');
        await page.keyboard.press('Escape');
        const total = page.getByTestId('review-rules-preview-total');
        await total.waitFor();
        const caught = Number((await total.textContent()).match(/\d+/)?.[0] ?? NaN);
        assert(Number.isInteger(caught), `the rules preview says "${await total.textContent()}"`);
        if (caught > 0) {
          await page.getByTestId('review-rules-apply').click();
          await page.getByTestId('review-rules-confirm').click();
          await expectText(page.getByTestId('review-count-rejected-auto'), String(caught));
        }
        await shot('10-reviewed');
      },
    ],
    [
      'a GenPoCCL run trains on the Train page: live loss chart, evaluation row, ONNX export download',
      async () => {
        // More variants than the Generate step made (every pose, 2 each at 64 px), all accepted:
        // the review grid comes with issue 5, so the decision goes through the contract here.
        const run = await rpc(ctx.origin, ctx.token, 'generate.start', {
          variantsPerPose: 2,
          width: 64,
          height: 64,
        });
        await waitForJob(run.jobId, 90_000);
        const ids = [];
        for (let offset = 0; ; offset += 500) {
          const page = await rpc(ctx.origin, ctx.token, 'variants.list', { offset, limit: 500 });
          ids.push(...page.items.map((v) => v.id));
          if (page.items.length < 500) break;
        }
        await rpc(ctx.origin, ctx.token, 'variants.review', { ids, status: 'accepted' });
        await page.getByTestId('nav-train').click();
        await page.getByTestId('train-page').waitFor();
        await page.getByTestId('train-recipe').selectOption('genpoccl');
        await page.getByTestId('train-preset').selectOption('micro');
        await page.getByTestId('train-groups').fill('4');
        await page.getByTestId('train-members').fill('2');
        await page.getByTestId('train-steps').fill('40');
        await page.getByTestId('train-checkpoint-every').fill('20');
        await page.getByTestId('train-warmup-steps').fill('5');
        await expectText(page.getByTestId('train-summary-variants'), String(ids.length));
        await shot('11-train-form');
        await page.getByTestId('train-start').click();
        await expectText(page.getByTestId('train-run-state'), 'done', 120_000);
        const points = Number(await page.getByTestId('train-loss-chart').getAttribute('data-points'));
        assert(points >= 10, `the loss chart draws ${points} points`);
        await shot('12-trained');
        await page.getByTestId('train-eval').click();
        await page.getByTestId('train-eval-row').first().waitFor({ timeout: 120_000 });
        const evals = await rpc(ctx.origin, ctx.token, 'train.evals', {});
        const pck = evals.items[0]?.results.keypoints?.pck;
        assert(typeof pck === 'number' && pck >= 0 && pck <= 1, `PCK is ${pck}`);
        await page.getByTestId('train-export-onnx').click();
        const link = page.getByTestId('train-export-link');
        await link.waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        const saved = join(artifacts, download.suggestedFilename());
        await download.saveAs(saved);
        const bytes = readFileSync(saved);
        assert(
          bytes.length > 10_000 && saved.endsWith('.onnx'),
          `the export is ${bytes.length} bytes at ${saved}`,
        );
        await shot('13-evaluated-exported');
      },
    ],
    [
      'the page logged no errors',
      async () => {
        assert(ctx.pageErrors.length === 0, `page errors:\n${ctx.pageErrors.join('\n')}`);
      },
    ],
  ];
}

async function main() {
  if (!existsSync(chromiumPath)) {
    console.error(
      `Chromium not found at ${chromiumPath}: install it with apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
    return 1;
  }
  if (!existsSync(cli)) {
    console.error(`${cli} is missing: run npm run build first`);
    return 1;
  }
  mkdirSync(artifacts, { recursive: true });
  const projectDir = join(mkdtempSync(join(tmpdir(), 'pose-studio-e2e-')), 'e2e-project');
  const server = startServer(projectDir);
  let browser = null;
  let passed = 0;
  let failed = 0;
  try {
    const url = await server.url;
    const parsed = new URL(url);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
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
    for (const [name, run] of defineSteps(ctx)) {
      try {
        await run();
        passed += 1;
        console.log(`  ok   ${name}`);
      } catch (error) {
        failed += 1;
        console.log(
          `  FAIL ${name}\n       ${String(error?.stack ?? error)
            .split('\n')
            .join('\n       ')}`,
        );
        await page
          .screenshot({ path: join(artifacts, `failure-${passed + failed}.png`) })
          .catch(() => undefined);
        break;
      }
    }
  } catch (error) {
    failed += 1;
    console.log(`  FAIL setup\n       ${String(error?.stack ?? error)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer(server.child);
    rmSync(dirname(projectDir), { recursive: true, force: true });
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
