/* global document -- the waitForFunction callbacks run in the page */
// End-to-end steps of SD 1.5 + ControlNet-OpenPose generation, on a tiny random-weight model folder
// (tests/e2e/buildSdFixture.ts, built while the earlier steps run): the folder is inspected and
// added on the Models page, the Generate page runs `sd-controlnet` with that model on two tagged
// poses (64x64, 2 variants each, 4 steps), the variants arrive in the grid with their condition
// maps, and the Review page accepts one with the keyboard, as it does the mannequin's. Run by
// run.mjs after the other steps; alone: `node tests/e2e/sdSteps.mjs` (after npm run build).
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cocoFixture, openApp, repo, runSuite } from './harness.mjs';
import { assert, expectText, rpc } from './helpers.mjs';

const VARIANTS_PER_POSE = 2;
const STEPS = 4;

/** Build the fixture folder in a child process (tsx runs the TS helpers); resolves with its path. */
async function buildFixture(dir) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(repo, 'tests/e2e/buildSdFixture.ts'), dir],
    { cwd: repo, timeout: 60_000 },
  );
  return stdout.trim();
}

/** Wait until every image matched by `selector` has loaded with pixels. */
function imagesLoaded(page, selector, count) {
  return page.waitForFunction(
    ([sel, n]) => {
      const images = [...document.querySelectorAll(sel)];
      return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    [selector, count],
    { timeout: 15_000 },
  );
}

/** `tag`: the tag of the (two) poses to generate from. */
export function sdSteps(ctx, { shot, tag }) {
  const { page } = ctx;
  const api = (method, input) => rpc(ctx.origin, ctx.token, method, input);
  // Started now so the earlier steps hide its cost; settled here so a failure waits for the step.
  const fixture = buildFixture(join(dirname(ctx.projectDir), 'sd-tiny')).then(
    (path) => ({ path }),
    (error) => ({ error }),
  );
  const state = { model: null, run: null };
  return [
    [
      'an SD 1.5 + ControlNet folder is inspected (report ok) and added on the Models page',
      async () => {
        const built = await fixture;
        if (built.error) throw built.error;
        await page.getByTestId('nav-models').click();
        await page.getByTestId('page-models').waitFor();
        await page.getByTestId('models-path').fill(built.path);
        await page.getByTestId('models-inspect').click();
        const report = page.getByTestId('model-report');
        await report.waitFor({ timeout: 15_000 });
        assert((await report.getAttribute('data-ok')) === 'true', 'the inspection report is not ok');
        const hash = ((await page.getByTestId('model-report-hash').textContent()) ?? '').trim();
        await shot('18-sd-model-report');
        await page.getByTestId('models-name').fill('Tiny SD');
        await page.getByTestId('models-add-confirm').click();
        await page.getByTestId('models-name').waitFor({ state: 'detached' });
        const { items } = await api('models.list', {});
        state.model = items.find((m) => m.path === built.path);
        assert(state.model, `models.list does not hold ${built.path}`);
        assert(state.model.name === 'Tiny SD', `the model is named ${state.model.name}`);
        assert(
          state.model.hash === hash,
          `the report showed hash ${hash}, the catalog holds ${state.model.hash}`,
        );
        await page.getByTestId(`model-row-${state.model.id}`).waitFor();
      },
    ],
    [
      `the Generate page runs sd-controlnet with the chosen model: 2 poses × ${VARIANTS_PER_POSE}, 64 px, ${STEPS} steps`,
      async () => {
        await page.getByTestId('nav-generate').click();
        await page.getByTestId('generator-select').selectOption('sd-controlnet');
        const model = page.getByTestId('option-modelId');
        await model.waitFor();
        const label = await model.locator(`option[value="${state.model.id}"]`).textContent();
        assert(label.startsWith('Tiny SD · '), `the model option reads "${label}"`);
        await model.selectOption(String(state.model.id));
        await page.getByTestId('poses-tag').check();
        await page.getByTestId('poses-tag-select').selectOption(tag);
        await page.getByTestId('variants-per-pose').fill(String(VARIANTS_PER_POSE));
        await page.getByTestId('size-width').fill('64');
        await page.getByTestId('size-height').fill('64');
        await page.getByTestId('option-steps').fill(String(STEPS));
        await page.getByTestId('option-negativePrompt').fill('blurry');
        await expectText(page.getByTestId('generate-plan'), `2 poses → ${2 * VARIANTS_PER_POSE} variants`);
        await page.getByTestId('generate-start').click();
        await page.getByTestId('generate-started').waitFor();
        const runs = await api('generate.runs', { limit: 5 });
        state.run = runs.items.find((r) => r.generator === 'sd-controlnet');
        assert(state.run, 'no sd-controlnet run was queued');
        const item = page.locator(`[data-run-id="${state.run.id}"]`);
        await expectText(item.getByTestId('run-state'), 'done', 60_000);
        const total = 2 * VARIANTS_PER_POSE;
        await imagesLoaded(page, '.gen-tile__image', total);
        const { items } = await api('variants.list', { filter: { runId: state.run.id } });
        assert(items.length === total, `the run made ${items.length} variants`);
        for (const v of items) {
          assert(v.generator === 'sd-controlnet' && v.width === 64, `variant ${v.id}: ${v.generator}`);
          assert(v.params.modelId === state.model.id && v.params.steps === STEPS, `params of ${v.id}`);
          assert(v.params.negativePrompt === 'blurry', `negative prompt of ${v.id}`);
          assert(v.media.condition !== null, `variant ${v.id} has no condition map`);
        }
        await page.getByTestId('live-variants').scrollIntoViewIfNeeded();
        await shot('19-sd-generated');
        await page.getByTestId('variant-tile').first().click();
        const detail = page.getByTestId('variant-detail');
        await imagesLoaded(page, '[data-testid="variant-detail"] [data-testid="variant-condition"]', 1);
        await shot('20-sd-variant-detail');
        await detail.getByRole('button', { name: 'Close' }).click();
        await detail.waitFor({ state: 'detached' });
      },
    ],
    [
      'the SD variants go through the same Review: filtered to the run, one accepted with A',
      async () => {
        await page.getByTestId('nav-review').click();
        await page.getByTestId('review-page').waitFor();
        await page.getByTestId('review-filter-generator').selectOption('sd-controlnet');
        await page.getByTestId('review-filter-run').selectOption(String(state.run.id));
        await expectText(page.getByTestId('review-count-unreviewed'), String(2 * VARIANTS_PER_POSE));
        await expectText(page.getByTestId('review-count-accepted'), '0');
        const { items } = await api('variants.list', { filter: { runId: state.run.id } });
        const ids = new Set(items.map((v) => String(v.id)));
        const first = page.getByTestId('review-tile').first();
        await page.waitForFunction(
          (wanted) => {
            const tiles = [...document.querySelectorAll('[data-testid="review-tile"]')];
            return tiles.length > 0 && tiles.every((t) => wanted.includes(t.dataset.variantId));
          },
          [...ids],
          { timeout: 15_000 },
        );
        await first.click();
        await page.keyboard.press('a');
        await expectText(page.getByTestId('review-count-accepted'), '1');
        const id = Number(await first.getAttribute('data-variant-id'));
        const accepted = await api('variants.list', { filter: { runId: state.run.id, status: 'accepted' } });
        assert(
          accepted.items.length === 1 && accepted.items[0].id === id,
          `accepted in the catalog: ${accepted.items.map((v) => v.id).join(', ')}, expected ${id}`,
        );
        await shot('21-sd-reviewed');
        await page.getByTestId('review-filter-clear').click();
      },
    ],
  ];
}

/** Standalone set-up: the COCO fixture imported and two poses tagged `tag`, then the app opened. */
async function seedTaggedPoses(ctx, tag) {
  const api = (method, input) => rpc(ctx.origin, ctx.token, method, input);
  await api('poses.import', { source: { kind: 'path', path: cocoFixture } });
  const { items } = await api('poses.list', { limit: 2 });
  await api('poses.tag', { ids: items.map((p) => p.id), add: [tag] });
  await openApp(ctx);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tag = 'sd-pick';
  process.exitCode = await runSuite({
    label: 'sd e2e',
    failurePrefix: 'failure-sd',
    prepare: (ctx) => seedTaggedPoses(ctx, tag),
    defineSteps: (ctx, { shot }) => sdSteps(ctx, { shot, tag }),
  });
}
