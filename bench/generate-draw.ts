/**
 * @file Benchmark: is the mannequin bound by drawing or by encoding? Generates N variants (default
 * 1,000) at 256x256 from real poses (COCO val2017 crops with >= 8 labelled keypoints and the
 * openpose-editor fixture, cycling) and, side by side for each image, encodes the RGB image as
 * PNG (sharp defaults: zlib level 6, adaptive filtering) and a 128 px WebP thumbnail (quality 80),
 * plus the 16-bit depth and 8-bit parts PNGs. Prints per-variant times, variants/s and the
 * drawing : PNG ratio. Budget (DESIGN.md, issue 3): drawing takes less time than PNG encoding.
 *
 *   npx tsx bench/generate-draw.ts [count=1000] [size=256]
 */
import sharp from 'sharp';
import {
  type MannequinOptions,
  MannequinOptionsSchema,
  renderMannequin,
} from '../src-main/core/generate/mannequin';
import { samplePrompt } from '../src-main/core/generate/prompt';
import type { GeneratorPose } from '../src-main/core/generate/types';
import { cocoPoses, editorPoses } from './generate-poses';

const TEMPLATE =
  'a person wearing a {red|blue|green|white|black} {striped|checked|plain} {shirt|t-shirt|sweater|dress} and {jeans|trousers|shorts|skirt}, {|hat|bag|backpack}, {indoors|outdoors|}';

type Times = { draw: number[]; png: number[]; webp: number[]; depth: number[]; parts: number[] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Draw one variant and encode it four ways, timing each step (ms). */
async function measureOne(pose: GeneratorPose, seed: number, size: number, options: MannequinOptions) {
  const raw = { width: size, height: size };
  const t0 = performance.now();
  const prompt = samplePrompt(TEMPLATE, seed);
  const v = renderMannequin({ pose, width: size, height: size, prompt, seed, options });
  const t1 = performance.now();
  const png = await sharp(v.rgba, { raw: { ...raw, channels: 4 } })
    .removeAlpha()
    .png()
    .toBuffer();
  const t2 = performance.now();
  await sharp(v.rgba, { raw: { ...raw, channels: 4 } })
    .removeAlpha()
    .resize(128, 128)
    .webp({ quality: 80 })
    .toBuffer();
  const t3 = performance.now();
  await sharp(v.depth!, { raw: { ...raw, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toBuffer();
  const t4 = performance.now();
  await sharp(v.parts!, { raw: { ...raw, channels: 1 } })
    .png()
    .toBuffer();
  const t5 = performance.now();
  return { draw: t1 - t0, png: t2 - t1, webp: t3 - t2, depth: t4 - t3, parts: t5 - t4, bytes: png.length };
}

function report(
  times: Times,
  count: number,
  size: number,
  poses: number,
  seconds: number,
  bytes: number,
): void {
  const row = (name: string, values: number[]): string =>
    `${name.padEnd(34)} ${mean(values).toFixed(2).padStart(7)} ${median(values).toFixed(2).padStart(8)}`;
  console.log(
    `mannequin ${count} variants at ${size}x${size}, ${poses} real poses cycling, Node ${process.version}`,
  );
  console.log(`${'per variant'.padEnd(34)} mean ms  median ms`);
  console.log(row('draw (all modalities, one pass)', times.draw));
  console.log(row('PNG encode, RGB (sharp)', times.png));
  console.log(row('WebP thumbnail 128 px (sharp)', times.webp));
  console.log(row('PNG encode, depth 16-bit', times.depth));
  console.log(row('PNG encode, parts 8-bit', times.parts));
  console.log(`mean RGB PNG size ${(bytes / count / 1024).toFixed(1)} KiB`);
  const all = mean(times.draw) + mean(times.png) + mean(times.webp) + mean(times.depth) + mean(times.parts);
  console.log(
    `share of the loop: drawing ${((100 * mean(times.draw)) / all).toFixed(0)}%, encoding ${((100 * (all - mean(times.draw))) / all).toFixed(0)}%`,
  );
  console.log(
    `drawing alone: ${(1000 / mean(times.draw)).toFixed(0)} variants/s; draw + all encodes, one at a time: ${(count / seconds).toFixed(0)} variants/s`,
  );
  const ratio = mean(times.draw) / mean(times.png);
  const medianRatio = median(times.draw) / median(times.png);
  console.log(
    `draw : RGB PNG encode = ${ratio.toFixed(2)} (mean), ${medianRatio.toFixed(2)} (median)  ${ratio < 1 ? 'ok: bound by encoding' : 'OVER: bound by drawing'}`,
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const size = Number(process.argv[3] ?? 256);
  const poses = [...(await cocoPoses(8)), ...(await editorPoses())];
  const options = MannequinOptionsSchema.parse({});
  const times: Times = { draw: [], png: [], webp: [], depth: [], parts: [] };
  let bytes = 0;
  // Warm-up: JIT and sharp's thread pool.
  for (let i = 0; i < 20; i += 1) await measureOne(poses[i % poses.length]!, i, size, options);
  const wall = performance.now();
  for (let i = 0; i < count; i += 1) {
    const m = await measureOne(poses[i % poses.length]!, 1000 + i, size, options);
    for (const key of ['draw', 'png', 'webp', 'depth', 'parts'] as const) times[key].push(m[key]);
    bytes += m.bytes;
  }
  report(times, count, size, poses.length, (performance.now() - wall) / 1000, bytes);
}

void main();
