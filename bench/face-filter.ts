/**
 * @file Measured quality of the face filter. Renders mannequin variants of real COCO val2017 poses
 * with the face-defect factor on half of them (faceDefect 'random', probability 0.5; the
 * generator's `faceDefect` is the truth), scores each with QualityScorer and asks
 * decide(scores, defaults, { groups: ['face'] }) whether it is rejected for face quality. Prints
 * the confusion counts, precision and recall, recall per defect kind, the false positives'
 * reasons, and scoring throughput (variants/s, scoring only, one thread).
 *
 * Two disjoint splits: 'tune' (even-indexed poses, seeds from 1000) is where the default face
 * thresholds were chosen (`--tune` prints the grid search); 'test' (odd-indexed poses, seeds from
 * 500000) is only ever evaluated. `--crop` also measures the detector crop against letterboxing.
 *
 *   npx tsx bench/face-filter.ts [--split test|tune] [--count 1500] [--size 256] [--model front|back]
 *                                [--tune] [--crop]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoseImportOptionsSchema } from '../src-main/contract';
import { MannequinOptionsSchema, renderMannequin } from '../src-main/core/generate/mannequin';
import { samplePrompt } from '../src-main/core/generate/prompt';
import type { GeneratedVariant, GeneratorPose } from '../src-main/core/generate/types';
import { memoryBytes, openPoseFile, readAllPoses } from '../src-main/core/pose/formats';
import type { BlazeFaceModel } from '../src-main/core/quality/blazeface';
import type { CheckId } from '../src-main/core/quality/checks';
import { headRegion, matchFace } from '../src-main/core/quality/faceGeometry';
import { expectedHead, faceFrontal } from '../src-main/core/quality/measure';
import { detectFaces, openBlazeFace } from '../src-main/core/quality/node/blazeface';
import { QualityScorer } from '../src-main/core/quality/node/scorer';
import { letterboxRegion } from '../src-main/core/quality/resample';
import { decide, type QualityScores, type ThresholdOverrides } from '../src-main/core/quality/scores';
import { FIXTURES } from './generate-poses';

const TEMPLATE =
  'a person wearing a {red|blue|green|yellow|white|black|pink} {striped|checked|plain|} {shirt|t-shirt|sweater|hoodie|tank top|dress} and {jeans|trousers|shorts|skirt}, {|blonde hair|long hair|ponytail|bald|curly hair}, {||||hat|cap|beanie}, {|||bag|backpack}, {indoors|outdoors|studio|}';

type Args = {
  split: 'tune' | 'test';
  count: number;
  size: number;
  model: BlazeFaceModel;
  tune: boolean;
  crop: boolean;
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

function* variants(poses: GeneratorPose[], args: Args): Generator<GeneratedVariant> {
  const parity = args.split === 'tune' ? 0 : 1;
  const mine = poses.filter((_, i) => i % 2 === parity);
  const seed0 = args.split === 'tune' ? 1000 : 500000;
  const options = MannequinOptionsSchema.parse({ faceDefect: 'random', faceDefectProbability: 0.5 });
  for (let i = 0; i < args.count; i += 1) {
    const seed = seed0 + i;
    const pose = mine[i % mine.length]!;
    const prompt = samplePrompt(TEMPLATE, seed);
    yield renderMannequin({ pose, width: args.size, height: args.size, prompt, seed, options });
  }
}

type Row = { defect: string | null; scores: QualityScores; expected: boolean };

type Confusion = { tp: number; fp: number; fn: number; tn: number };

function confusion(rows: readonly Row[], thresholds: ThresholdOverrides): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of rows) {
    const rejected = decide(r.scores, thresholds, { groups: ['face'] }).reject;
    const bad = r.defect !== null;
    if (rejected && bad) c.tp += 1;
    else if (rejected) c.fp += 1;
    else if (bad) c.fn += 1;
    else c.tn += 1;
  }
  return c;
}

const precision = (c: Confusion): number => (c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 1);
const recall = (c: Confusion): number => (c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 1);

function report(rows: readonly Row[]): void {
  const c = confusion(rows, {});
  console.log(
    `confusion (rejected for face quality vs generator truth): TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  TN ${c.tn}`,
  );
  console.log(`precision ${precision(c).toFixed(3)}  recall ${recall(c).toFixed(3)}`);
  const hidden = rows.filter((r) => r.defect !== null && !r.expected).length;
  const positives = rows.filter((r) => r.defect !== null).length;
  console.log(
    `defects on faces the pose does not show (no visible nose/eye: never judged): ${hidden} of ${positives}` +
      ` -> recall ceiling ${((positives - hidden) / Math.max(1, positives)).toFixed(3)};` +
      ` recall on shown faces ${(c.tp / Math.max(1, positives - hidden)).toFixed(3)}`,
  );
  for (const kind of ['blur', 'smear', 'distort', 'missing']) {
    const sub = rows.filter((r) => r.defect === kind);
    const caught = sub.filter((r) => decide(r.scores, {}, { groups: ['face'] }).reject).length;
    console.log(`  ${kind.padEnd(8)} caught ${caught} of ${sub.length}`);
  }
  const fpReasons = new Map<string, number>();
  for (const r of rows) {
    if (r.defect !== null) continue;
    for (const id of decide(r.scores, {}, { groups: ['face'] }).failed)
      fpReasons.set(id, (fpReasons.get(id) ?? 0) + 1);
  }
  console.log(`false-positive checks: ${[...fpReasons].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const imageFlags = new Map<string, number>();
  for (const r of rows) {
    for (const id of decide(r.scores, {}, { groups: ['image'] }).failed)
      imageFlags.set(id, (imageFlags.get(id) ?? 0) + 1);
  }
  console.log(
    `image checks (defaults) flag: ${[...imageFlags].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} of ${rows.length}`,
  );
}

/** Grid search of the three face thresholds that matter: best recall with precision >= 0.95. */
function tune(rows: readonly Row[]): void {
  const results: { t: Partial<Record<CheckId, number>>; p: number; r: number }[] = [];
  for (const conf of [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]) {
    for (const lm of [0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 1, 100]) {
      for (const sharp of [0, 25, 50, 60, 70, 80, 90, 100, 110, 125, 150, 175, 200, 250]) {
        const t = { 'face.confidence': conf, 'face.landmarks': lm, 'face.sharpness': sharp };
        const c = confusion(rows, t);
        results.push({ t, p: precision(c), r: recall(c) });
      }
    }
  }
  for (const floor of [0.97, 0.95, 0.9]) {
    const ok = results.filter((x) => x.p >= floor).sort((a, b) => b.r - a.r || b.p - a.p);
    for (const best of ok.slice(0, floor === 0.95 ? 8 : 1)) {
      console.log(
        `precision >= ${floor}: recall ${best.r.toFixed(3)} (precision ${best.p.toFixed(3)}) with ${JSON.stringify(best.t)}`,
      );
    }
    const withLandmarks = ok.find((x) => (x.t['face.landmarks'] ?? 100) < 100);
    if (withLandmarks)
      console.log(
        `  best with the landmark check on: recall ${withLandmarks.r.toFixed(3)} (precision ${withLandmarks.p.toFixed(3)}) with ${JSON.stringify(withLandmarks.t)}`,
      );
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
  const list = [...variants(poses, args)];
  console.log(
    `${args.split} split: ${list.length} mannequin variants at ${args.size}x${args.size} from ${poses.length >> 1} poses, ` +
      `${list.filter((v) => v.faceDefect !== null).length} with a face defect; model ${args.model}`,
  );
  const scorer = await QualityScorer.create({ model: args.model });
  const rows: Row[] = [];
  const start = performance.now();
  for (const v of list) {
    const { scores } = await scorer.score({
      rgb: v.rgba,
      width: v.width,
      height: v.height,
      channels: 4,
      keypoints: v.keypoints,
    });
    rows.push({ defect: v.faceDefect, scores, expected: scores['face.sharpness'] !== null });
  }
  const seconds = (performance.now() - start) / 1000;
  await scorer.dispose();
  report(rows);
  console.log(
    `throughput: ${(list.length / seconds).toFixed(1)} variants/s (${((seconds * 1000) / list.length).toFixed(2)} ms each, scoring only, 1 thread)`,
  );
  if (args.tune) tune(rows);
  if (args.crop) await cropEffect(list, args.model);
}

void main();
