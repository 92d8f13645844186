// End-to-end steps of the pipeline after generation: the Review page (scoring, keyboard decisions
// with undo, rules preview and apply) and the Train page (a GenPoCCL run with its live chart,
// evaluation and ONNX export download). Run by run.mjs after its library and generation steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, expectText, rpc } from './helpers.mjs';

export function pipelineSteps(ctx, { shot, waitForJob, artifacts }) {
  const { page } = ctx;
  return [
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
  ];
}
