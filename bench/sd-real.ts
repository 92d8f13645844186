/**
 * @file Benchmark: a real SD 1.5 + ControlNet-OpenPose ONNX folder on an execution provider, through
 * the studio's own pipeline (inspection, sessions with CPU fallback, the denoising loop, the VAE):
 * session start-up, then per image the denoising speed (it/s: steps per second of the loop), the
 * seconds per image, the share of a step spent outside session.run, and the provider actually
 * used. The first image is a warm-up (graph optimisation, CUDA kernels) and is not counted.
 * Without --model it prints usage and exits 0 (CI has no model).
 *
 *   npx tsx bench/sd-real.ts --model PATH [--controlnet PATH] [--provider cuda] [--size 512]
 *     [--steps 20] [--images 3] [--scheduler euler-a] [--guidance 7.5] [--out image.png]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ExecutionProviderSchema } from '../src-main/contract';
import { renderConditionMap } from '../src-main/core/generate/conditionMap';
import { fitCanvas, fitKeypoints } from '../src-main/core/generate/fit';
import { generateSdImage, type SdImageRequest } from '../src-main/core/generate/sd/pipeline';
import { generationTextEntries, insertPngText } from '../src-main/core/generate/sd/pngText';
import type { SchedulerName } from '../src-main/core/generate/sd/schedulers/types';
import { inspectModelFolder } from '../src-main/core/generate/sd/node/inspect';
import { OrtSdRuntime } from '../src-main/core/generate/sd/node/runtime';
import { modelSchedulerConfig, modelTokenizer } from '../src-main/core/generate/sd/node/runtimeFiles';
import { SdSessions } from '../src-main/core/generate/sd/node/runtimeSessions';
import { describeSignatures } from '../src-main/core/generate/sd/node/signatures';
import { frontPose } from '../src-main/core/generate/testPoses';

const USAGE = `usage: npx tsx bench/sd-real.ts --model PATH [--controlnet PATH] [--provider cpu|cuda|dml|coreml|webgpu]
       [--size 512] [--steps 20] [--images 3] [--scheduler euler-a|ddim|lcm] [--guidance 7.5] [--out image.png]
Runs a real SD 1.5 + ControlNet-OpenPose ONNX folder and prints it/s and seconds per image.`;

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      controlnet: { type: 'string' },
      provider: { type: 'string', default: 'cuda' },
      size: { type: 'string', default: '512' },
      steps: { type: 'string', default: '20' },
      images: { type: 'string', default: '3' },
      scheduler: { type: 'string', default: 'euler-a' },
      guidance: { type: 'string', default: '7.5' },
      prompt: { type: 'string', default: 'a photo of a person standing in a park, natural light' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

async function load(model: string, controlnet: string | undefined, provider: string) {
  const ep = ExecutionProviderSchema.parse(provider);
  const t0 = performance.now();
  const report = await inspectModelFolder(model, {
    provider: ep,
    ...(controlnet ? { controlnetPath: controlnet } : {}),
  });
  if (!report.ok) {
    for (const issue of report.issues) console.error(`${issue.severity}: ${issue.message}`);
    process.exit(1);
  }
  for (const issue of report.issues) console.warn(`warning: ${issue.message}`);
  const ref = { path: report.path, hash: report.hash, signatures: describeSignatures(report) };
  console.log(
    `model ${report.path} (${report.layout}, ${(report.totalBytes / 2 ** 30).toFixed(2)} GiB), inspected in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { ref, ep, vaeScalingFactor: report.vaeScalingFactor };
}

async function main(): Promise<void> {
  const o = options();
  if (o.help || !o.model) {
    console.log(USAGE);
    return;
  }
  const { ref, ep, vaeScalingFactor } = await load(o.model, o.controlnet, o.provider);
  const size = Number(o.size);
  const steps = Number(o.steps);
  const sessions = new SdSessions(ref, ep);
  const t0 = performance.now();
  for (const graph of ['textEncoder', 'controlnet', 'unet', 'vaeDecoder'] as const)
    await sessions.session(graph);
  console.log(
    `sessions created in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${sessions.providerUsed}`,
  );
  for (const warning of sessions.warnings) console.warn(`warning: ${warning}`);
  const runtime = new OrtSdRuntime(sessions);
  const pose = frontPose();
  const keypoints = fitKeypoints(pose.keypoints, fitCanvas(pose.width, pose.height, size, size));
  const request: SdImageRequest = {
    ...{ prompt: o.prompt!, negativePrompt: 'blurry, lowres', seed: 1, width: size, height: size, steps },
    ...{ guidance: Number(o.guidance), scheduler: o.scheduler as SchedulerName },
    ...{
      controlImage: renderConditionMap(keypoints, size, size),
      controlnetScale: 1,
      controlStart: 0,
      controlEnd: 1,
    },
    vaeScalingFactor,
    schedulerConfig: modelSchedulerConfig(ref),
  };
  const tokenizer = modelTokenizer(ref);
  const warm = performance.now();
  await generateSdImage(runtime, tokenizer, request);
  console.log(`warm-up image: ${((performance.now() - warm) / 1000).toFixed(2)} s`);
  const images = Number(o.images);
  let last: Uint8ClampedArray | null = null;
  for (let i = 0; i < images; i++) {
    sessions.resetStats();
    const started = performance.now();
    const result = await generateSdImage(runtime, tokenizer, { ...request, seed: 2 + i });
    const seconds = (performance.now() - started) / 1000;
    const runs = sessions.stats.ms.unet + sessions.stats.ms.controlnet;
    const outside = (result.timing.loopMs - runs) / steps;
    console.log(
      `image ${i + 1}: ${((steps * 1000) / result.timing.loopMs).toFixed(2)} it/s, ${seconds.toFixed(2)} s/image ` +
        `(prepare ${result.timing.prepareMs.toFixed(0)} ms, loop ${result.timing.loopMs.toFixed(0)} ms, decode ${result.timing.decodeMs.toFixed(0)} ms; ` +
        `outside session.run ${outside.toFixed(2)} ms/step)`,
    );
    last = result.rgba;
  }
  if (o.out && last) {
    const png = await sharp(last, { raw: { width: size, height: size, channels: 4 } })
      .removeAlpha()
      .png()
      .toBuffer();
    const text = generationTextEntries({
      ...request,
      scheduler: request.scheduler,
      modelHash: ref.hash.slice(0, 10),
    });
    writeFileSync(o.out, insertPngText(png, text));
    console.log(`wrote ${o.out}`);
  }
  await sessions.release();
}

void main();
