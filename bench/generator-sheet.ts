/**
 * @file Example sheets of the mannequin generator, written as PNG into docs/images/ (or the folder
 * given): several real poses (COCO val2017 crops and the openpose-editor fixture), each with its
 * condition map and 5 variants; one variant's modalities (RGB, condition map, depth, parts,
 * keypoints after occlusion); prompt control and the face-defect factor on one pose.
 *
 *   npx tsx bench/generator-sheet.ts [outDir=docs/images] [tile=256]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { conditionMapForPose } from '../src-main/core/generate/conditionMap';
import { MannequinOptionsSchema, PART_NAMES, renderMannequin } from '../src-main/core/generate/mannequin';
import { samplePrompt } from '../src-main/core/generate/prompt';
import type { GeneratedVariant, GeneratorPose } from '../src-main/core/generate/types';
import { cocoPoses, editorPoses } from './generate-poses';

type Tile = Uint8Array; // RGBA, size x size

/** Rows of tiles into one RGB image with a 4 px gutter. */
function compose(rows: Tile[][], size: number): { data: Buffer; width: number; height: number } {
  const gap = 4;
  const cols = Math.max(...rows.map((r) => r.length));
  const width = cols * size + (cols + 1) * gap;
  const height = rows.length * size + (rows.length + 1) * gap;
  const data = Buffer.alloc(width * height * 3, 255);
  rows.forEach((row, r) =>
    row.forEach((tile, c) => {
      for (let y = 0; y < size; y += 1) {
        for (let x = 0; x < size; x += 1) {
          const o = ((gap + r * (size + gap) + y) * width + gap + c * (size + gap) + x) * 3;
          const i = (y * size + x) * 4;
          data[o] = tile[i]!;
          data[o + 1] = tile[i + 1]!;
          data[o + 2] = tile[i + 2]!;
        }
      }
    }),
  );
  return { data, width, height };
}

async function save(file: string, rows: Tile[][], size: number): Promise<void> {
  const { data, width, height } = compose(rows, size);
  await sharp(data, { raw: { width, height, channels: 3 } })
    .png({ palette: true, colours: 256, dither: 0.6, effort: 10 })
    .toFile(file);
  console.log(`wrote ${file} (${width}x${height})`);
}

function depthTile(v: GeneratedVariant): Tile {
  const depth = v.depth!;
  let lo = 65535;
  let hi = 0;
  for (const d of depth) if (d > 0) [lo, hi] = [Math.min(lo, d), Math.max(hi, d)];
  const out = new Uint8Array(depth.length * 4);
  depth.forEach((d, i) => {
    const g = d === 0 ? 0 : 60 + Math.round(((d - lo) / Math.max(1, hi - lo)) * 195);
    out.set([g, g, g, 255], i * 4);
  });
  return out;
}

function partsTile(v: GeneratedVariant): Tile {
  const out = new Uint8Array(v.parts!.length * 4);
  v.parts!.forEach((p, i) => {
    // Distinct hues per label from the golden angle; background black.
    const h = (p * 137.5) % 360;
    const [r, g, b] = p === 0 ? [0, 0, 0] : hsv(h, 0.75, 0.95);
    out.set([r, g, b, 255], i * 4);
  });
  return out;
}

function hsv(h: number, s: number, v: number): [number, number, number] {
  const f = (n: number): number => {
    const k = (n + h / 60) % 6;
    return Math.round(255 * (v - v * s * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [f(5), f(3), f(1)];
}

function keypointTile(v: GeneratedVariant): Tile {
  const out = v.rgba.slice();
  for (const [x, y, vis] of v.keypoints) {
    if (vis === 0) continue;
    const color = vis === 2 ? [40, 255, 60] : [255, 40, 40];
    for (let dy = -2; dy <= 2; dy += 1) {
      for (let dx = -2; dx <= 2; dx += 1) {
        const px = Math.round(x) + dx;
        const py = Math.round(y) + dy;
        if (px < 0 || py < 0 || px >= v.width || py >= v.height || dx * dx + dy * dy > 5) continue;
        out.set([...color, 255], (py * v.width + px) * 4);
      }
    }
  }
  return out;
}

const TEMPLATE =
  'a person wearing a {red|blue|green|yellow|white|black|pink} {striped|checked|plain|} {shirt|t-shirt|sweater|hoodie|tank top|dress} and {jeans|trousers|shorts|skirt}, {|blonde hair|long hair|ponytail|bald|curly hair}, {||||hat|cap|beanie}, {|||bag|backpack}, {indoors|outdoors|studio|}';

function variants(
  pose: GeneratorPose,
  size: number,
  seed: number,
  extra: Record<string, unknown> = {},
): GeneratedVariant[] {
  const options = MannequinOptionsSchema.parse(extra);
  return [0, 1, 2, 3, 4].map((i) =>
    renderMannequin({
      pose,
      width: size,
      height: size,
      prompt: samplePrompt(TEMPLATE, seed + i),
      seed: seed + i,
      options,
    }),
  );
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? join(__dirname, '..', 'docs', 'images');
  const size = Number(process.argv[3] ?? 256);
  mkdirSync(outDir, { recursive: true });
  const coco = await cocoPoses(14);
  const editor = await editorPoses();
  const poses = [...coco.slice(0, 5), editor[0]!];
  const rows = poses.map((pose, p) => [
    conditionMapForPose(pose, size, size),
    ...variants(pose, size, 100 * p + 1).map((v) => v.rgba),
  ]);
  await save(join(outDir, 'mannequin-poses.png'), rows, size);

  const one = variants(poses[0]!, size, 7)[0]!;
  await save(
    join(outDir, 'mannequin-modalities.png'),
    [
      [
        one.rgba,
        conditionMapForPose(poses[0]!, size, size),
        depthTile(one),
        partsTile(one),
        keypointTile(one),
      ],
    ],
    size,
  );

  const pose = poses[1]!;
  const prompts = [
    'red striped shirt, blue jeans',
    'green checked sweater, black skirt, blonde ponytail',
    'white t-shirt, shorts, dark skin, cap',
    'yellow hoodie, grey trousers, backpack, bald',
    'black dress, long red hair, sun hat, outdoors',
  ];
  const promptRow = prompts.map(
    (prompt) =>
      renderMannequin({
        pose,
        width: size,
        height: size,
        prompt,
        seed: 42,
        options: MannequinOptionsSchema.parse({}),
      }).rgba,
  );
  const defects = (['none', 'blur', 'smear', 'distort', 'missing'] as const).map(
    (faceDefect) =>
      renderMannequin({
        pose: poses[5]!,
        width: size,
        height: size,
        prompt: 'plain white shirt, short hair, light skin, studio',
        seed: 5,
        options: MannequinOptionsSchema.parse({ faceDefect }),
      }).rgba,
  );
  await save(join(outDir, 'mannequin-prompts.png'), [promptRow, defects], size);
  console.log(`parts: ${PART_NAMES.map((n, i) => `${i} ${n}`).join(', ')}`);
}

void main();
