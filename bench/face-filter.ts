/**
 * @file Measured quality of the face filter. Renders mannequin variants of real COCO val2017 poses
 * with the face-defect factor on half of them (faceDefect 'random', probability 0.5), scores each
 * with QualityScorer and asks decide(scores, defaults, { groups: ['face'] }) whether it is
 * rejected for face quality. Prints the confusion counts, precision and recall, recall per defect
 * kind, the false positives' reasons, and scoring throughput (variants/s, scoring only, 1 thread).
 *
 * Ground truth. The generator records `faceDefect` for every variant whose defect roll hit and
 * whose head frame faces the viewer, whether or not the defect ends up in the picture: 'missing'
 * or 'distort' on a face whose features were never drawn (labelled occluded in the photo, under a
 * hat brim or a hand) leaves the image identical to the clean one, and a blur of a head the pose
 * shows from behind (no visible nose or eye) damages no face the filter is asked about. So each
 * variant with a defect is rendered again with faceDefect 'none' (same seed, same pixels
 * otherwise) and the headline truth is a VISIBLE face defect: the generator's defect, at least
 * `MIN_CHANGED` pixels differing by more than `CHANGE_LEVEL` levels from the clean twin, on a face
 * the pose shows (nose or an eye with v = 2). Every other variant is a negative (a defect that
 * changed nothing is a clean image). The raw generator truth is printed as well. As a diagnostic,
 * false positives on negatives whose shown face has no feature drawn at all (no 'face' part pixel:
 * the photo labelled eyes and nose occluded, the mannequin left them out, and its visibility pass
 * still calls them visible; or a defect that changed nothing on such a face) are counted: such
 * faces look exactly like a 'missing' defect. (Since mannequin 1.0.1 the generator no longer calls
 * a face keypoint labelled occluded visible, which removed most of them: see visibility.ts.)
 *
 * Two disjoint splits: 'tune' (even-indexed poses, seeds from 1000) is where the default face
 * thresholds were chosen (`--tune` prints the grid search: the best recall with precision >=
 * `--target`, default 0.95); 'test' (odd-indexed poses, seeds from 500000) is only ever evaluated.
 * `--count 4000` on the tune split gives a larger tuning set (its first 1500 variants are the
 * default one: same poses and seeds); the current defaults are `--split tune --count 4000 --tune
 * --target 0.97` (a margin over the 0.95 goal for data the limits were not chosen on). `--crop`
 * also measures the detector crop against letterboxing.
 *
 *   npx tsx bench/face-filter.ts [--split test|tune] [--count 1500] [--size 256] [--model front|back]
 *                                [--tune] [--target 0.95] [--crop] [--dump rows.json]
 *
 * `--dump` writes every variant's truth and scores as JSON (for looking at the errors).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoseImportOptionsSchema } from '../src-main/contract';
import { MannequinOptionsSchema, PART, renderMannequin } from '../src-main/core/generate/mannequin';
import { samplePrompt } from '../src-main/core/generate/prompt';
import type { GeneratedVariant, GeneratorPose } from '../src-main/core/generate/types';
import { memoryBytes, openPoseFile, readAllPoses } from '../src-main/core/pose/formats';
import type { BlazeFaceModel } from '../src-main/core/quality/blazeface';
import { CHECK_BY_ID, type CheckId } from '../src-main/core/quality/checks';
import { headRegion, matchFace } from '../src-main/core/quality/faceGeometry';
import { expectedHead, faceExpected, faceFrontal } from '../src-main/core/quality/measure';
import { detectFaces, openBlazeFace } from '../src-main/core/quality/node/blazeface';
import { QualityScorer } from '../src-main/core/quality/node/scorer';
import { letterboxRegion } from '../src-main/core/quality/resample';
import { decide, fails, type QualityScores, type ThresholdOverrides } from '../src-main/core/quality/scores';
import { FIXTURES } from './generate-poses';

const TEMPLATE =
  'a person wearing a {red|blue|green|yellow|white|black|pink} {striped|checked|plain|} {shirt|t-shirt|sweater|hoodie|tank top|dress} and {jeans|trousers|shorts|skirt}, {|blonde hair|long hair|ponytail|bald|curly hair}, {||||hat|cap|beanie}, {|||bag|backpack}, {indoors|outdoors|studio|}';

/** A defect is visible when at least this many pixels differ from the clean twin ... */
const MIN_CHANGED = 1;
/** ... by more than this many levels in some channel. */
const CHANGE_LEVEL = 12;

type Args = {
  split: 'tune' | 'test';
  count: number;
  size: number;
  model: BlazeFaceModel;
  tune: boolean;
  crop: boolean;
  dump: string | null;
  /** Least tune-split precision a --tune candidate must reach. */
  target: number;
};

function parseArgs(argv: string[]): Args {
  const get = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  return {
    split: get('split', 'test') === 'tune' ? 'tune' : 'test',
    count: Number(get('count', '1500')),
    size: Number(get('size', '256')),
    model: get('model', 'front') === 'back' ? 'back' : 'front',
    tune: argv.includes('--tune'),
    crop: argv.includes('--crop'),
    dump: argv.includes('--dump') ? get('dump', 'face-filter-rows.json') : null,
    target: Number(get('target', '0.95')),
  };
}

/** COCO val2017 people with at least 8 labelled keypoints, cropped by the importer's defaults. */
async function loadPoses(): Promise<GeneratorPose[]> {
  const file = join(FIXTURES, 'coco', 'hrnet-manhph_val2017_subset_A.json');
  const reader = await openPoseFile(memoryBytes(readFileSync(file)), file, PoseImportOptionsSchema.parse({}));
  const poses = await readAllPoses(reader);
  return poses
    .filter((p) => p.keypoints.filter((k) => k[2] > 0).length >= 8)
    .map((p) => ({ width: p.width, height: p.height, keypoints: p.keypoints }));
}

type Sample = { variant: GeneratedVariant; visible: string | null; featureless: boolean };

/** Pixels differing by more than CHANGE_LEVEL in some channel. */
function changedPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(
      Math.abs(a[i]! - b[i]!),
      Math.abs(a[i + 1]! - b[i + 1]!),
      Math.abs(a[i + 2]! - b[i + 2]!),
    );
    if (d > CHANGE_LEVEL) n += 1;
  }
  return n;
}

function* samples(poses: GeneratorPose[], args: Args): Generator<Sample> {
  const parity = args.split === 'tune' ? 0 : 1;
  const mine = poses.filter((_, i) => i % 2 === parity);
  const seed0 = args.split === 'tune' ? 1000 : 500000;
  const options = MannequinOptionsSchema.parse({ faceDefect: 'random', faceDefectProbability: 0.5 });
  const clean = MannequinOptionsSchema.parse({ faceDefect: 'none' });
  for (let i = 0; i < args.count; i += 1) {
    const seed = seed0 + i;
    const pose = mine[i % mine.length]!;
    const prompt = samplePrompt(TEMPLATE, seed);
    const input = { pose, width: args.size, height: args.size, prompt, seed };
    const variant = renderMannequin({ ...input, options });
    const shown = faceExpected(variant.keypoints);
    let visible: string | null = null;
    if (variant.faceDefect !== null && shown) {
      const twin = renderMannequin({ ...input, options: clean });
      if (changedPixels(variant.rgba, twin.rgba) >= MIN_CHANGED) visible = variant.faceDefect;
    }
    const featureless = visible === null && shown && !(variant.parts?.includes(PART.face) ?? true);
    yield { variant, visible, featureless };
  }
}

type Row = { raw: string | null; defect: string | null; scores: QualityScores; featureless: boolean };

type Confusion = { tp: number; fp: number; fn: number; tn: number };

function confusion(rows: readonly Row[], thresholds: ThresholdOverrides, raw = false): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of rows) {
    const rejected = decide(r.scores, thresholds, { groups: ['face'] }).reject;
    const bad = (raw ? r.raw : r.defect) !== null;
    if (rejected && bad) c.tp += 1;
    else if (rejected) c.fp += 1;
    else if (bad) c.fn += 1;
    else c.tn += 1;
  }
  return c;
}

const precision = (c: Confusion): number => (c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 1);
const recall = (c: Confusion): number => (c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 1);
const line = (c: Confusion): string =>
  `TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  TN ${c.tn}  precision ${precision(c).toFixed(3)}  recall ${recall(c).toFixed(3)}`;

function counts(rows: readonly Row[], pick: (r: Row) => readonly string[]): string {
  const m = new Map<string, number>();
  for (const r of rows) for (const k of pick(r)) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
}

function report(rows: readonly Row[]): void {
  const rawPositives = rows.filter((r) => r.raw !== null).length;
  const positives = rows.filter((r) => r.defect !== null).length;
  console.log(
    `visible face defects: ${positives} of ${rawPositives} recorded by the generator ` +
      `(${rawPositives - positives} changed no pixel or sit on a face the pose does not show)`,
  );
  console.log(`confusion vs visible face defects (headline): ${line(confusion(rows, {}))}`);
  console.log(`confusion vs the generator's raw faceDefect:  ${line(confusion(rows, {}, true))}`);
  for (const kind of ['blur', 'smear', 'distort', 'missing']) {
    const sub = rows.filter((r) => r.defect === kind);
    const caught = sub.filter((r) => decide(r.scores, {}, { groups: ['face'] }).reject).length;
    console.log(`  ${kind.padEnd(8)} caught ${caught} of ${sub.length} visible`);
  }
  const fps = rows.filter((r) => r.defect === null && decide(r.scores, {}, { groups: ['face'] }).reject);
  console.log(
    `false positives: ${fps.length}, by check: ${counts(fps, (r) => decide(r.scores, {}, { groups: ['face'] }).failed)}`,
  );
  console.log(
    `  of which on clean faces drawn without any feature: ${fps.filter((r) => r.featureless).length}` +
      ` (such faces among the negatives: ${rows.filter((r) => r.featureless).length})`,
  );
  const tps = rows.filter((r) => r.defect !== null && decide(r.scores, {}, { groups: ['face'] }).reject);
  console.log(
    `true positives by check: ${counts(tps, (r) => decide(r.scores, {}, { groups: ['face'] }).failed)}`,
  );
  console.log(
    `image checks (defaults) flag: ${counts(rows, (r) => decide(r.scores, {}, { groups: ['image'] }).failed)} of ${rows.length}`,
  );
}

/**
 * The grid searched by --tune: check -> candidate limits (null: check off). The detector's own
 * checks (confidence, landmarks) stay at their defaults: they are kept for photographs, where the
 * detector is the better judge, and on the mannequin they neither help nor hurt much. The Laplacian
 * sharpness stays off (face.edges replaces it).
 */
const GRID: [CheckId, (number | null)[]][] = [
  ['face.edges', [null, 1.9, 2, 2.1, 2.2, 2.3]],
  ['face.features', [null, 40, 50, 60]],
  ['face.eyeOffset', [null, 0.06, 0.07, 0.08]],
  ['face.eyeSize', [null, 0.022, 0.025, 0.03]],
  ['face.mouth', [null, 0.12, 0.15, 0.18, 0.2]],
  ['face.mouthOffset', [null, 0.06, 0.08, 0.1, 0.12]],
];

/** Bitmask per (check, limit) of the rows it flags, so the grid is a few OR passes per combination. */
function flagMasks(rows: readonly Row[]): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>();
  for (const [id, limits] of GRID) {
    for (const limit of limits) {
      const m = new Uint8Array(rows.length);
      if (limit !== null) {
        rows.forEach((r, i) => {
          const v = r.scores[id];
          m[i] = v !== null && Number.isFinite(v) && fails(id, v, limit) ? 1 : 0;
        });
      }
      masks.set(`${id}:${limit}`, m);
    }
  }
  return masks;
}

/**
 * Grid search of the edge, feature, eye and mouth limits (other face checks at their defaults):
 * the best recall with precision >= `target`, and the runners-up. A target above the 0.95 goal
 * (`--target 0.96`) asks for a margin on data the limits were not chosen on.
 */
function tune(rows: readonly Row[], target: number): void {
  const masks = flagMasks(rows);
  const base = rows.map((r) => {
    const d = decide(r.scores, {}, { groups: ['face'] }).failed;
    return d.some((id) => !GRID.some(([g]) => g === id)) ? 1 : 0;
  });
  const bad = rows.map((r) => (r.defect !== null ? 1 : 0));
  const positives = bad.reduce<number>((a, b) => a + b, 0);
  const results: { limits: (number | null)[]; r: number; p: number; fp: number }[] = [];
  const pick = new Array<number>(GRID.length).fill(0);
  const total = GRID.reduce((a, [, l]) => a * l.length, 1);
  for (let k = 0; k < total; k += 1) {
    let rest = k;
    for (let g = 0; g < GRID.length; g += 1) {
      pick[g] = rest % GRID[g]![1].length;
      rest = Math.floor(rest / GRID[g]![1].length);
    }
    const ms = GRID.map(([id, limits], g) => masks.get(`${id}:${limits[pick[g]!]}`)!);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < rows.length; i += 1) {
      let f = base[i]!;
      for (const m of ms) f |= m[i]!;
      if (f && bad[i]) tp += 1;
      else if (f) fp += 1;
    }
    const p = tp + fp > 0 ? tp / (tp + fp) : 1;
    if (p >= target) results.push({ limits: GRID.map(([, l], g) => l[pick[g]!]!), r: tp / positives, p, fp });
  }
  results.sort((a, b) => b.r - a.r || b.p - a.p);
  for (const best of results.slice(0, 10)) {
    const limits = GRID.map(([id], g) => `${id}=${best.limits[g]}`).join(' ');
    console.log(`recall ${best.r.toFixed(3)} precision ${best.p.toFixed(3)} FP ${best.fp}: ${limits}`);
  }
}

/** How often the detector finds the face on frontal faces: head crop vs the letterboxed image. */
async function cropEffect(list: readonly GeneratedVariant[], model: BlazeFaceModel): Promise<void> {
  const session = await openBlazeFace(model);
  const factors = model === 'front' ? [0, 1.5, 2, 2.5, 3, 4] : [0, 3, 4, 5, 6, 8];
  for (const factor of factors) {
    let frontal = 0;
    let found = 0;
    let sum = 0;
    for (const v of list) {
      const head = expectedHead(v.keypoints);
      if (!head || v.faceDefect !== null || !faceFrontal(v.keypoints)) continue;
      frontal += 1;
      const img = { data: v.rgba, width: v.width, height: v.height, channels: 4 as const };
      const region = factor === 0 ? letterboxRegion(v.width, v.height) : headRegion(head, factor);
      const m = matchFace(await detectFaces(session, img, { model, region, minScore: 0.3 }), head);
      if (m) [found, sum] = [found + 1, sum + m.score];
    }
    const what = factor === 0 ? 'letterboxed whole image' : `head crop ${factor} x head width`;
    console.log(
      `  ${model} ${what.padEnd(24)}: found ${found} of ${frontal} clean frontal faces (score >= 0.3), mean score ${(sum / Math.max(1, found)).toFixed(3)}`,
    );
  }
  await session.dispose();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const poses = await loadPoses();
  const list = [...samples(poses, args)];
  console.log(
    `${args.split} split: ${list.length} mannequin variants at ${args.size}x${args.size} from ${poses.length >> 1} poses, ` +
      `${list.filter((s) => s.variant.faceDefect !== null).length} with a face defect recorded; model ${args.model}`,
  );
  const scorer = await QualityScorer.create({ model: args.model });
  const rows: Row[] = [];
  const start = performance.now();
  for (const { variant: v, visible, featureless } of list) {
    const input = {
      rgb: v.rgba,
      width: v.width,
      height: v.height,
      channels: 4 as const,
      keypoints: v.keypoints,
    };
    const { scores } = await scorer.score(input);
    rows.push({ raw: v.faceDefect, defect: visible, scores, featureless });
  }
  const seconds = (performance.now() - start) / 1000;
  await scorer.dispose();
  report(rows);
  const limits = GRID.map(([id]) => `${id} ${CHECK_BY_ID[id].threshold}`).join(', ');
  console.log(`default limits: ${limits}`);
  console.log(
    `throughput: ${(list.length / seconds).toFixed(1)} variants/s (${((seconds * 1000) / list.length).toFixed(2)} ms each, scoring only, 1 thread)`,
  );
  if (args.dump) writeFileSync(args.dump, JSON.stringify(rows.map((r, i) => ({ i, ...r }))));
  if (args.tune) tune(rows, args.target);
  if (args.crop)
    await cropEffect(
      list.map((s) => s.variant),
      args.model,
    );
}

void main();
