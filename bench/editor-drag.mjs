/* global document, window, requestAnimationFrame -- the evaluate callbacks run in the page */
// Display-rate benchmark of the pose editor's joint drag in headless Chromium, against the built
// app served by the CLI (issue 6: a pointer move costs under 2 ms of model update plus one layer
// redraw). Opens a saved pose in #/editor/<id>, drags the left wrist through N pointer moves of a
// few pixels each (page.mouse.move, one pointermove each), and reads back the page's own
// `editor:move` User Timing measures (canvas/moveTiming.ts): total, modelMs and drawMs, and the
// share of moves under 2 ms. Then the same drag over a reference image (a face fixture), counting
// the Konva layers' redraws to show that the back layer (frame + image) is not redrawn by a drag.
//
//   npm run build && node bench/editor-drag.mjs [--moves 400] [--json]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canvasView, createFromPreset, jointOnCanvas, toScreen } from '../tests/e2e/editorSteps.mjs';
import { missingPrerequisite, openSession, repo } from '../tests/e2e/harness.mjs';

const LEFT_WRIST = 9;
const BUDGET_MS = 2;
const FACES = resolve(repo, '../shared/fixtures/faces');

function parseArgs(argv) {
  const options = { moves: 400, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--moves') options.moves = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (use --moves N, --json)`);
  }
  if (!Number.isInteger(options.moves) || options.moves < 1)
    throw new Error('--moves takes a positive integer');
  return options;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value) => Math.round(value * 1000) / 1000;
  return {
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

/** Wrap the scene draw of the stage's `back` and `skeleton` layers with counters (window.__draws). */
function countLayerDraws(page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-testid="editor-canvas"]');
    const stage = window.Konva.stages.find((s) => host.contains(s.container()));
    const draws = { back: 0, skeleton: 0 };
    for (const name of Object.keys(draws)) {
      const layer = stage.findOne(`.${name}`);
      const drawScene = layer.drawScene.bind(layer);
      layer.drawScene = (...args) => {
        draws[name] += 1;
        return drawScene(...args);
      };
    }
    window.__draws = draws;
  });
}

const nextFrames = (page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/**
 * Press on the left wrist, make `moves` pointer moves along a closed Lissajous path (radius ~40 px,
 * a few px per move), release. Returns the `editor:move` measures taken while dragging, and the
 * layer redraws counted from the first move to two frames after the last (before the release).
 */
async function drag(page, moves) {
  const at = await jointOnCanvas(page, LEFT_WRIST);
  const start = toScreen(await canvasView(page), at);
  await page.evaluate(() => performance.clearMeasures('editor:move'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.evaluate(
    () => window.__draws && Object.keys(window.__draws).forEach((k) => (window.__draws[k] = 0)),
  );
  const started = performance.now();
  for (let i = 1; i <= moves; i += 1) {
    const t = (2 * Math.PI * i) / 100;
    await page.mouse.move(start.x + 40 * Math.sin(t), start.y + 30 * Math.sin(2 * t));
  }
  const wallMs = performance.now() - started;
  await nextFrames(page);
  const draws = await page.evaluate(() => (window.__draws ? { ...window.__draws } : null));
  await page.mouse.up();
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByName('editor:move')
      .map((entry) => ({ total: entry.duration, ...entry.detail }))
      .filter((entry) => entry.dragging),
  );
  return { entries, draws, wallMs };
}

function summary(name, { entries, draws, wallMs }, moves) {
  const under = entries.filter((entry) => entry.total < BUDGET_MS).length;
  return {
    name,
    moves,
    measured: entries.length,
    redrawn: entries.filter((entry) => entry.drew).length,
    total: stats(entries.map((entry) => entry.total)),
    modelMs: stats(entries.map((entry) => entry.modelMs)),
    drawMs: stats(entries.map((entry) => entry.drawMs)),
    underBudget: entries.length === 0 ? 0 : under / entries.length,
    movesPerSecond: (moves / wallMs) * 1000,
    layerDraws: draws,
  };
}

const ms = (value) => value.toFixed(3).padStart(7);

function print(result) {
  console.log(`\n${result.name}: ${result.measured} of ${result.moves} moves measured`);
  console.log(
    `  ${result.redrawn} redrew the skeleton layer; driven at ${result.movesPerSecond.toFixed(0)} moves/s through CDP`,
  );
  console.log('            median      p95      max   (ms)');
  for (const key of ['total', 'modelMs', 'drawMs'])
    console.log(
      `  ${key.padEnd(8)} ${ms(result[key].median)}  ${ms(result[key].p95)}  ${ms(result[key].max)}`,
    );
  console.log(`  under ${BUDGET_MS} ms: ${(result.underBudget * 100).toFixed(1)}% of moves`);
  if (result.layerDraws)
    console.log(
      `  layer redraws during the drag: skeleton ${result.layerDraws.skeleton}, back ${result.layerDraws.back}`,
    );
}

async function openPose(ctx) {
  const { page } = ctx;
  await page.goto(ctx.url);
  await page.getByTestId('nav-editor').click();
  await createFromPreset(page);
  await page.keyboard.press('ControlOrMeta+s');
  await page.waitForURL(/#\/editor\/\d+$/, { timeout: 10_000 });
  await page.getByTestId('editor-dirty').and(page.locator('[data-dirty="false"]')).waitFor();
}

/** Load a face fixture as the reference image; false when the fixtures are not there. */
async function loadReference(page) {
  const file = ['Test1.jpg', 'Test3.jpg', 'Test7.jpg'].map((name) => join(FACES, name)).find(existsSync);
  if (file === undefined) return null;
  await page.getByTestId('editor-reference-file').setInputFiles(file);
  await page.waitForFunction(() => {
    const host = document.querySelector('[data-testid="editor-canvas"]');
    const stage = window.Konva.stages.find((s) => host.contains(s.container()));
    return stage?.findOne('.reference')?.visible() === true;
  });
  await nextFrames(page);
  return file;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const missing = missingPrerequisite();
  if (missing !== null) {
    console.error(missing);
    return 1;
  }
  const { ctx, close } = await openSession();
  try {
    await openPose(ctx);
    const { page } = ctx;
    // A short drag first, so the first measured moves are not paying for JIT warm-up.
    await drag(page, 50);
    await page.keyboard.press('ControlOrMeta+z');
    await countLayerDraws(page);
    const results = [summary('drag, no reference image', await drag(page, options.moves), options.moves)];
    await page.keyboard.press('ControlOrMeta+z');
    const reference = await loadReference(page);
    if (reference !== null) {
      const run = await drag(page, options.moves);
      results.push({ ...summary('drag over a reference image', run, options.moves), reference });
    }
    const browser = page.context().browser()?.version();
    if (options.json) console.log(JSON.stringify({ browser, results, errors: ctx.pageErrors }, null, 2));
    else {
      console.log(`editor drag bench (Chromium ${browser}, headless, --disable-gpu)`);
      // Without cross-origin isolation Chromium coarsens performance.now() to 0.1 ms.
      console.log('User Timing resolution in this page: 0.1 ms');
      results.forEach(print);
      if (reference === null)
        console.log(`\n(no face fixture under ${FACES}: the reference-image run was skipped)`);
    }
    if (ctx.pageErrors.length > 0) console.error(`page errors:\n${ctx.pageErrors.join('\n')}`);
    return ctx.pageErrors.length === 0 ? 0 : 1;
  } finally {
    await close();
  }
}

process.exitCode = await main();
