/**
 * @file Generators for generation tests, loaded by path (StudioOptions.generatorModules) on the main
 * thread and in every worker thread. `test-fill` fills every modality deterministically from the
 * seed, prompt and pose (same input, same bytes), and can be slowed down, made to refuse poses of
 * one canvas width, or made to kill its worker thread on poses of another width.
 */
import { isMainThread } from 'node:worker_threads';
import { z } from 'zod';
import type {
  Generator,
  GeneratorPose,
  GenerateParams,
  GeneratedVariant,
} from '../../src-main/core/generate/types';
import { fitCanvas, fitKeypoints } from '../../src-main/core/generate/fit';

export const testGeneratorModule = __filename;

const optionsSchema = z
  .object({
    /** Milliseconds each variant takes (a sleep: the worker stays responsive). */
    delayMs: z.number().int().min(0).max(10_000).default(0),
    /** Refuse (throw) for poses whose canvas width is this. */
    failPoseWidth: z.number().int().positive().optional(),
    /** End the worker thread for poses whose canvas width is this. */
    crashPoseWidth: z.number().int().positive().optional(),
    /** Pattern variety: 'blocks' compresses like a simple rendering, 'noise' like a photo. */
    pattern: z.enum(['blocks', 'noise']).default('blocks'),
  })
  .strict();

type Options = z.infer<typeof optionsSchema>;

/** 32-bit FNV-1a over a string: the seed of every pixel of a variant. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function fill(
  width: number,
  height: number,
  key: number,
  pattern: Options['pattern'],
): GeneratedVariant['rgba'] {
  const rgba = new Uint8Array(width * height * 4);
  let state = key || 1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      if (pattern === 'noise') {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
      }
      const block = ((x >> 4) + (y >> 4) * 31 + key) >>> 0;
      rgba[at] = (block * 37 + (pattern === 'noise' ? state & 15 : 0)) & 255;
      rgba[at + 1] = (block * 91 + x) & 255;
      rgba[at + 2] = (key >>> 8) & 255;
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}

function variant(pose: GeneratorPose, params: GenerateParams, options: Options, i: number): GeneratedVariant {
  const seed = params.seeds?.[i] ?? params.seed + i;
  const prompt = params.prompts?.[i] ?? params.prompt;
  const { width, height } = params;
  const key = hash(`${seed}|${prompt}|${JSON.stringify(pose)}`);
  const depth = new Uint16Array(width * height);
  const parts = new Uint8Array(width * height);
  for (let p = 0; p < width * height; p += 1) {
    depth[p] = (p * 7 + key) & 0xffff;
    parts[p] = ((p % width) >> 5) % 15;
  }
  return {
    width,
    height,
    rgba: fill(width, height, key, options.pattern),
    depth,
    parts,
    keypoints: fitKeypoints(pose.keypoints, fitCanvas(pose.width, pose.height, width, height)),
    prompt,
    seed,
    attributes: { shirt: ['red', 'blue', 'green'][key % 3]!, key },
    faceDefect: key % 7 === 0 ? 'blur' : null,
    params: { generator: 'test-fill', version: 1, options },
  };
}

export const testFillGenerator: Generator = {
  id: 'test-fill',
  name: 'Test fill',
  description: 'Deterministic fill for tests',
  optionsSchema,
  async generate(pose, params, signal) {
    const options = optionsSchema.parse(params.options);
    if (options.crashPoseWidth === pose.width && !isMainThread) process.exit(3);
    if (options.failPoseWidth === pose.width) throw new Error(`test-fill refuses poses ${pose.width} wide`);
    const out: GeneratedVariant[] = [];
    for (let i = 0; i < params.count; i += 1) {
      if (signal.aborted) throw new Error('aborted');
      if (options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      out.push(variant(pose, params, options, i));
    }
    return out;
  },
};

export const generators: Generator[] = [testFillGenerator];
