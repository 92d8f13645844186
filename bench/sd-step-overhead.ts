/**
 * @file Benchmark: the JS time of one SD + ControlNet denoising step outside session.run, at a 64x64
 * latent (512x512 images, batch 2 with guidance), on tiny random-weight model folders
 * (tests/helpers/sdModels) so the graphs themselves cost little. The runtime times every
 * session.run; a step's overhead is the loop's wall time minus the ControlNet and UNet runs, per
 * step: feeds (tensors wrapping the step's buffers, fp16 conversion where the graph wants it),
 * scaleModelInput, the CFG batch, guidance, the scheduler update and the awaits. Budget: < 1 ms.
 * Variants: fp32 IO with a conditioning_scale input (Optimum-style), fp16 IO (the sample is
 * converted each step, residuals pass through), and a ControlNet without a scale input (scale 1:
 * nothing to scale; 0.8: every residual scaled in JS, cheap here only because the tiny residuals
 * have a few channels — at SD size that is ~11 ms a step).
 *
 *   npx tsx bench/sd-step-overhead.ts [steps=20] [images=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConditionMap } from '../src-main/core/generate/conditionMap';
import { fitCanvas, fitKeypoints } from '../src-main/core/generate/fit';
import { generateSdImage, type SdImageRequest } from '../src-main/core/generate/sd/pipeline';
import { inspectModelFolder } from '../src-main/core/generate/sd/node/inspect';
import { OrtSdRuntime } from '../src-main/core/generate/sd/node/runtime';
import { modelSchedulerConfig, modelTokenizer } from '../src-main/core/generate/sd/node/runtimeFiles';
import { SdSessions, type SdModelRef } from '../src-main/core/generate/sd/node/runtimeSessions';
import { describeSignatures } from '../src-main/core/generate/sd/node/signatures';
import { frontPose } from '../src-main/core/generate/testPoses';
import { buildSdModelFolder, type SdFixtureOptions } from '../tests/helpers/sdModels';

const SIZE = 512;

type Case = { name: string; fixture: SdFixtureOptions; scale: number };

const CASES: Case[] = [
  { name: 'fp32, scale input', fixture: { layout: 'optimum' }, scale: 1 },
  { name: 'fp16, scale input', fixture: { layout: 'optimum', precision: 'float16' }, scale: 1 },
  { name: 'fp32, no scale input, 1.0', fixture: { layout: 'diffusers-onnx' }, scale: 1 },
  { name: 'fp32, no scale input, 0.8', fixture: { layout: 'diffusers-onnx' }, scale: 0.8 },
];

async function load(dir: string, fixture: SdFixtureOptions): Promise<SdModelRef> {
  const folder = buildSdModelFolder(dir, { ...fixture, latentSize: SIZE / 8 });
  const report = await inspectModelFolder(folder.root);
  return { path: report.path, hash: report.hash, signatures: describeSignatures(report) };
}

/** Per image: ms per step in all, inside the ControlNet + UNet runs, and outside them. */
async function measure(ref: SdModelRef, c: Case, steps: number, images: number) {
  const sessions = new SdSessions(ref, 'cpu');
  const runtime = new OrtSdRuntime(sessions);
  const pose = frontPose();
  const keypoints = fitKeypoints(pose.keypoints, fitCanvas(pose.width, pose.height, SIZE, SIZE));
  const request: SdImageRequest = {
    ...{ prompt: 'a person in a red coat', negativePrompt: 'blurry', seed: 1, width: SIZE, height: SIZE },
    ...{
      steps,
      guidance: 7.5,
      scheduler: 'euler-a',
      controlImage: renderConditionMap(keypoints, SIZE, SIZE),
    },
    ...{ controlnetScale: c.scale, controlStart: 0, controlEnd: 1 },
    schedulerConfig: modelSchedulerConfig(ref),
  };
  const tokenizer = modelTokenizer(ref);
  await generateSdImage(runtime, tokenizer, { ...request, steps: 3 }); // sessions, JIT
  const rows: { step: number; run: number; outside: number }[] = [];
  for (let i = 0; i < images; i++) {
    sessions.resetStats();
    const result = await generateSdImage(runtime, tokenizer, { ...request, seed: 1 + i });
    const run = (sessions.stats.ms.unet + sessions.stats.ms.controlnet) / steps;
    const step = result.timing.loopMs / steps;
    rows.push({ step, run, outside: step - run });
  }
  await sessions.release();
  // The image with the median overhead (a GC pause lands in one image or another).
  return [...rows].sort((a, b) => a.outside - b.outside)[rows.length >> 1]!;
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 20);
  const images = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'sd-step-bench-'));
  console.log(
    `SD step overhead: ${SIZE}x${SIZE} (latent 64x64), batch 2 (CFG), euler-a, ${steps} steps, the image with the median overhead of ${images}`,
  );
  console.log('case                          step ms   session.run ms   outside ms   outside share');
  try {
    for (const [i, c] of CASES.entries()) {
      const ref = await load(join(dir, `m${i}`), c.fixture);
      const m = await measure(ref, c, steps, images);
      const share = `${((100 * m.outside) / m.step).toFixed(1)}%`;
      console.log(
        `${c.name.padEnd(28)}  ${m.step.toFixed(3).padStart(7)}   ${m.run.toFixed(3).padStart(14)}   ${m.outside.toFixed(3).padStart(10)}   ${share.padStart(13)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('budget: outside < 1 ms per step');
}

void main();
