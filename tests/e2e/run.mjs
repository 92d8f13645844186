/* global document -- the waitForFunction callbacks run in the page */
// End-to-end test of the renderer against the real server (`npm run build && npm run test:e2e`).
// Starts `pose-studio serve` on a fresh temp project, drives the UI in headless Chromium
// (playwright-core, Debian's chromium), imports a COCO fixture through the file input, checks the
// report, the library count, drawn thumbnails, a keypoint filter against the API's own answer,
// tagging two poses and filtering by the tag, exporting the selection and downloading it.
// Screenshots go to .artifacts/e2e/. Prints `e2e: N passed, M failed`; exits non-zero on failure.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cocoFixture as fixture, runSuite } from './harness.mjs';
import { assert, drawnPixels, expectText, rpc, waitForJobAt } from './helpers.mjs';
import { editorSteps } from './editorSteps.mjs';
import { pipelineSteps } from './pipelineSteps.mjs';
import { sdSteps } from './sdSteps.mjs';

const TAG = 'e2e-pick';

/** The suite's own steps (the library, import, tags, export, mannequin generation), then the step files'. */
function defineSteps(ctx, { shot, artifacts }) {
  const { page } = ctx;
  const count = page.getByTestId('pose-count');
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
    ...pipelineSteps(ctx, { shot, waitForJob, artifacts }),
    ...editorSteps(ctx, { shot, artifacts }),
    ...sdSteps(ctx, { shot, tag: TAG }),
  ];
}

process.exitCode = await runSuite({ label: 'e2e', failurePrefix: 'failure', defineSteps });
