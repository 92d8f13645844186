/* global document, window -- the evaluate callbacks run in the page */
// End-to-end steps of the pose editor (#/editor): a pose from a preset is saved and gets its
// address; a joint dragged with the mouse moves by the screen offset over the zoom, undo and redo
// move it back and forth, and the saved coordinates and a visibility change survive a reload; the
// right-click menu marks a joint occluded as one undo step; a second pose from the same preset is
// flagged as a near-duplicate of the first; leaving with unsaved changes asks first: Cancel keeps
// them, Discard drops them. Run by run.mjs after the pipeline steps; `node tests/e2e/editorSteps.mjs`
// runs them alone on a fresh project.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, runSuite } from './harness.mjs';
import { assert, expectText, rpc } from './helpers.mjs';

const PRESET = 'standing-front';
const LEFT_WRIST = 9;
const NOSE = 0;
/** Canvas pixels: the numeric panel shows two decimals. */
const TOLERANCE = 0.01;

const near = (a, b, tolerance = TOLERANCE) => Math.abs(a - b) <= tolerance;
const samePoint = (a, b, tolerance) => near(a[0], b[0], tolerance) && near(a[1], b[1], tolerance);
const show = (point) => `(${point.map((c) => c.toFixed(2)).join(', ')})`;

/** Poll `read` until `accept` takes its value; throws with the last value seen. */
async function waitForValue(read, accept, what, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    seen = await read();
    if (accept(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`${what}: saw ${JSON.stringify(seen)}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

/** The canvas container's box and viewport (see EditorCanvas.tsx). */
export function canvasView(page) {
  return page.getByTestId('editor-canvas').evaluate((host) => {
    const box = host.getBoundingClientRect();
    const { zoom, panX, panY } = host.dataset;
    return { left: box.left, top: box.top, zoom: Number(zoom), panX: Number(panX), panY: Number(panY) };
  });
}

export const toScreen = (view, [x, y]) => ({
  x: view.left + x * view.zoom + view.panX,
  y: view.top + y * view.zoom + view.panY,
});

/** Where the Konva node of joint `index` is drawn, in canvas coordinates (null before the stage exists). */
export function jointOnCanvas(page, index) {
  return page.evaluate((joint) => {
    const host = document.querySelector('[data-testid="editor-canvas"]');
    const stage = window.Konva?.stages.find((s) => host?.contains(s.container()));
    const node = stage?.findOne(`.joint-${joint}`);
    if (!host || !node) return null;
    const { zoom, panX, panY } = host.dataset;
    return [(node.x() - Number(panX)) / Number(zoom), (node.y() - Number(panY)) / Number(zoom)];
  }, index);
}

/** Press on joint `index`, move by (dx, dy) screen pixels in `steps`, release; returns canvas positions. */
export async function dragJoint(page, index, dx, dy, steps = 8) {
  const from = await jointOnCanvas(page, index);
  assert(from !== null, `joint ${index} is not drawn`);
  const view = await canvasView(page);
  const start = toScreen(view, from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + dx, start.y + dy, { steps });
  await page.mouse.up();
  return { from, to: [from[0] + dx / view.zoom, from[1] + dy / view.zoom] };
}

/** Click joint `index` (selects it without moving it). */
async function clickJoint(page, index) {
  const at = await waitForValue(() => jointOnCanvas(page, index), Boolean, `joint ${index} drawn`);
  const screen = toScreen(await canvasView(page), at);
  await page.mouse.click(screen.x, screen.y);
}

async function numericPoint(page) {
  const x = Number(await page.getByTestId('ed-joint-x').inputValue());
  const y = Number(await page.getByTestId('ed-joint-y').inputValue());
  return [x, y];
}

const dirtyFlag = (page) => page.getByTestId('editor-dirty').getAttribute('data-dirty');

async function expectDirty(page, dirty) {
  await waitForValue(
    () => dirtyFlag(page),
    (flag) => flag === String(dirty),
    `editor dirty ${dirty}`,
  );
}

async function expectJointAt(page, index, expected, what) {
  await waitForValue(
    () => jointOnCanvas(page, index),
    (point) => point !== null && samePoint(point, expected),
    `${what}: joint ${index} expected at ${show(expected)}`,
  );
}

/** Open a new pose from `PRESET` at 512 x 512 through the New pose dialog (already open). */
export async function createFromPreset(page) {
  const dialog = page.getByTestId('editor-new');
  await dialog.waitFor();
  await page.getByTestId(`editor-preset-${PRESET}`).click();
  await page.getByTestId('editor-new-size').selectOption('0'); // SIZE_PRESETS[0]: 512 x 512
  await page.getByTestId('editor-new-create').click();
  await dialog.waitFor({ state: 'detached' });
  await expectText(page.getByTestId('editor-title'), 'New pose');
  await waitForValue(() => jointOnCanvas(page, LEFT_WRIST), Boolean, 'the new pose is drawn');
}

const nearDuplicateWarning = (page, id) =>
  page.locator(`[data-testid="editor-warnings"] [data-kind="nearDuplicate"][data-pose-id="${id}"]`);

/** Reload the page and wait until pose `id` is drawn again. */
async function reloadPose(page, id) {
  await page.reload();
  await expectText(page.getByTestId('editor-title'), `Pose #${id}`);
  await waitForValue(() => jointOnCanvas(page, LEFT_WRIST), Boolean, 'the reloaded pose is drawn');
  await expectDirty(page, false);
}

export function editorSteps(ctx, { shot, artifacts }) {
  const { page } = ctx;
  const get = (id) => rpc(ctx.origin, ctx.token, 'poses.get', { id });
  const poseTotal = async () => (await rpc(ctx.origin, ctx.token, 'poses.list', { limit: 1 })).total;
  const state = { id: 0, total: 0, original: [0, 0], moved: [0, 0] };
  return [
    [
      `the editor makes a pose from the ${PRESET} preset at 512×512, and Save gives it an address`,
      async () => {
        await page.getByTestId('nav-editor').click();
        await page.getByTestId('editor-page').waitFor();
        await createFromPreset(page);
        await expectDirty(page, true);
        await page.keyboard.press('ControlOrMeta+s');
        await page.waitForURL(/#\/editor\/\d+$/, { timeout: 10_000 });
        state.id = Number(/#\/editor\/(\d+)$/.exec(page.url())[1]);
        await expectText(page.getByTestId('editor-title'), `Pose #${state.id}`);
        await expectDirty(page, false);
        const pose = await get(state.id);
        assert(pose.width === 512 && pose.height === 512, `saved at ${pose.width}×${pose.height}`);
        const labeled = pose.keypoints.filter((point) => point[2] > 0).length;
        assert(labeled === 17, `the saved pose has ${labeled} labeled joints`);
        state.total = await poseTotal();
      },
    ],
    [
      'a second pose from the same preset is flagged as a near-duplicate of the first (OKS > 0.95)',
      async () => {
        // Before any edit of the first pose: moving its wrist by ~30 canvas px already takes the
        // OKS (in the poses' unit boxes) down to about 0.8.
        await page.keyboard.press('Shift+N');
        await createFromPreset(page);
        const warning = nearDuplicateWarning(page, state.id);
        await warning.waitFor({ timeout: 5_000 });
        const text = (await warning.textContent()) ?? '';
        const oks = Number(/OKS ([\d.]+)/.exec(text)?.[1]);
        assert(oks > 0.95 && oks <= 1, `the warning reads "${text}"`);
        ctx.log(`near-duplicate warning: ${text.trim()}`);
        await shot('14-editor-near-duplicate');
      },
    ],
    [
      'leaving the unsaved draft asks first: Cancel keeps the edits, Discard opens the other pose',
      async () => {
        const { to } = await dragJoint(page, NOSE, 20, 10);
        await expectJointAt(page, NOSE, to, 'after the nose drag');
        const dialog = page.getByTestId('editor-unsaved');
        await page.getByTestId('nav-poses').click();
        await dialog.waitFor({ timeout: 5_000 });
        await shot('15-editor-unsaved');
        await page.getByTestId('editor-unsaved-cancel').click();
        await dialog.waitFor({ state: 'detached' });
        assert(new URL(page.url()).hash === '#/editor', `Cancel left the editor for ${page.url()}`);
        await expectText(page.getByTestId('editor-title'), 'New pose');
        await expectDirty(page, true);
        await expectJointAt(page, NOSE, to, 'after Cancel');
        // The warning's link leaves the draft too: this time throw the draft away.
        await nearDuplicateWarning(page, state.id).getByRole('link').click();
        await dialog.waitFor({ timeout: 5_000 });
        await page.getByTestId('editor-unsaved-discard').click();
        await page.waitForURL(new RegExp(`#/editor/${state.id}$`), { timeout: 5_000 });
        await expectText(page.getByTestId('editor-title'), `Pose #${state.id}`);
        await waitForValue(() => jointOnCanvas(page, LEFT_WRIST), Boolean, 'the first pose is drawn');
        await expectDirty(page, false);
        const total = await poseTotal();
        assert(
          total === state.total,
          `the catalog holds ${total} poses, not ${state.total}: the draft was saved`,
        );
      },
    ],
    [
      'dragging the left wrist by (+40, +30) px moves it by that over the zoom; undo and redo follow',
      async () => {
        const { from, to } = await dragJoint(page, LEFT_WRIST, 40, 30);
        state.original = from;
        state.moved = to;
        await expectDirty(page, true);
        await expectJointAt(page, LEFT_WRIST, to, 'after the drag');
        // The drag selected the joint: the numeric panel shows its exact position.
        await expectText(page.getByTestId('ed-joint-name'), 'Left wrist');
        const shown = await waitForValue(
          () => numericPoint(page),
          (point) => samePoint(point, to),
          `numeric panel expected ${show(to)}`,
        );
        ctx.log(
          `left wrist ${show(from)} → ${show(shown)} (zoom ${(await canvasView(page)).zoom.toFixed(3)})`,
        );
        await shot('16-editor-dragged');
        await page
          .getByTestId('condition-preview')
          .screenshot({ path: join(artifacts, '17-editor-condition.png') });
        await page.keyboard.press('ControlOrMeta+z');
        await expectJointAt(page, LEFT_WRIST, from, 'after undo');
        await expectDirty(page, false);
        await page.keyboard.press('ControlOrMeta+Shift+z');
        await expectJointAt(page, LEFT_WRIST, to, 'after redo');
        await expectDirty(page, true);
      },
    ],
    [
      'the moved wrist saves, and the saved coordinates come back after a reload',
      async () => {
        await page.getByTestId('editor-cmd-file.save').click();
        await expectDirty(page, false);
        const saved = (await get(state.id)).keypoints[LEFT_WRIST];
        assert(samePoint(saved, state.moved), `the catalog holds ${show(saved)}, not ${show(state.moved)}`);
        await reloadPose(page, state.id);
        await expectJointAt(page, LEFT_WRIST, state.moved, 'after the reload');
        await clickJoint(page, LEFT_WRIST);
        await waitForValue(
          () => numericPoint(page),
          (point) => samePoint(point, state.moved),
          `numeric panel after the reload expected ${show(state.moved)}`,
        );
        await expectDirty(page, false);
      },
    ],
    [
      'right-clicking the wrist opens its context menu: Mark occluded sets v = 1, one undo restores it',
      async () => {
        const at = toScreen(await canvasView(page), await jointOnCanvas(page, LEFT_WRIST));
        await page.mouse.click(at.x, at.y, { button: 'right' });
        const menu = page.getByRole('menu', { name: 'Left wrist' });
        await menu.waitFor({ timeout: 5_000 });
        await shot('16b-editor-context-menu');
        await menu.getByRole('menuitemradio', { name: /Mark occluded/ }).click();
        await menu.waitFor({ state: 'detached' });
        const visibility = page.getByTestId('ed-joint-visibility');
        await waitForValue(
          () => visibility.inputValue(),
          (v) => v === '1',
          'visibility after the menu',
        );
        await expectDirty(page, true);
        await page.keyboard.press('ControlOrMeta+z');
        await waitForValue(
          () => visibility.inputValue(),
          (v) => v === '2',
          'visibility after undo',
        );
        await expectDirty(page, false);
      },
    ],
    [
      'marking the selected wrist occluded (key 1) saves v = 1 and it persists across a reload',
      async () => {
        const visibility = page.getByTestId('ed-joint-visibility');
        await page.keyboard.press('1');
        await waitForValue(
          () => visibility.inputValue(),
          (v) => v === '1',
          'the visibility select',
        );
        await expectDirty(page, true);
        await page.keyboard.press('ControlOrMeta+s');
        await expectDirty(page, false);
        const saved = (await get(state.id)).keypoints[LEFT_WRIST];
        assert(saved[2] === 1, `the catalog holds v = ${saved[2]}`);
        await reloadPose(page, state.id);
        await clickJoint(page, LEFT_WRIST);
        await waitForValue(
          () => visibility.inputValue(),
          (v) => v === '1',
          'the visibility after a reload',
        );
      },
    ],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exitCode = await runSuite({
    label: 'editor e2e',
    failurePrefix: 'failure-editor',
    prepare: openApp,
    defineSteps: editorSteps,
  });
