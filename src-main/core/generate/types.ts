/**
 * @file The Generator interface every variant generator implements (the embedded mannequin now,
 * SD + ControlNet later). Platform-free: generators return raw pixel buffers; encoding and storage
 * happen in the node layer (worker threads), so a generator never touches the file system.
 */
import type { z } from 'zod';
import type { Keypoint } from '../../contract';

/** The pose as a generator sees it: its own canvas and COCO-17 keypoints in that canvas. */
export type GeneratorPose = {
  width: number;
  height: number;
  keypoints: Keypoint[];
};

export type GenerateParams = {
  /** Output size in pixels. The pose canvas is fitted into it (aspect kept, centred). */
  width: number;
  height: number;
  /** The (already sampled) prompt of the first variant; variant i uses prompts[i] if given. */
  prompt: string;
  prompts?: string[];
  /** Seed of the first variant; variant i uses seeds[i] if given, else seed + i. */
  seed: number;
  seeds?: number[];
  count: number;
  /** Options already parsed by the generator's optionsSchema. */
  options: Record<string, unknown>;
  /** The catalog id of the pose, when it comes from one (recorded in the variant's params). */
  poseId?: number;
};

/** One generated variant: every modality as raw buffers, and exactly how it was made. */
export type GeneratedVariant = {
  width: number;
  height: number;
  /** RGBA8, width*height*4. */
  rgba: Uint8Array;
  /** 16-bit depth (0 = background/far, larger = nearer), width*height, or null. */
  depth: Uint16Array | null;
  /** Part label per pixel (0 = background; see the generator's part table), or null. */
  parts: Uint8Array | null;
  /** COCO-17 keypoints in output pixels, visibility after self-occlusion. */
  keypoints: Keypoint[];
  prompt: string;
  seed: number;
  /** The resolved appearance: identity / attribute record (re-ID and attribute probes). */
  attributes: Record<string, unknown>;
  /** Which face defect was applied (ground truth for the face filter), or null. */
  faceDefect: string | null;
  /** Everything needed to make it again: generator version, options after defaults, ... */
  params: Record<string, unknown>;
  /** Text chunks to embed in the RGB PNG (e.g. SD's prompt, seed, model hash), or absent. */
  pngText?: Readonly<Record<string, string>>;
  /**
   * The control image the variant was made from (SD's OpenPose condition map), RGBA8 at the output
   * size, or absent; stored as the variant's `condition` media so review can show what steered it.
   */
  condition?: Uint8Array | null;
};

/** An intermediate picture of a variant in the making (e.g. SD's latent preview), RGBA8. */
export type GeneratorPreview = {
  step: number;
  steps: number;
  width: number;
  height: number;
  rgba: Uint8Array;
};

export type GeneratorProgress = (fraction: number, preview?: GeneratorPreview) => void;

/**
 * Thrown by a generator that cannot make anything now, whatever the item: its model's files cannot
 * be loaded, or this runtime cannot run the model. The run stops with this message and its items stay
 * pending, so a resume once the cause is fixed makes them; any other error is the item's own and
 * final. Only the flag crosses from a worker thread (see jobs/node/workerPool.ts).
 */
export class GeneratorUnavailableError extends Error {
  readonly unavailable = true;
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorUnavailableError';
  }
}

export interface Generator {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly optionsSchema: z.ZodType<Record<string, unknown>>;
  /**
   * Model-backed generators hold large sessions in each worker: their runs get a pool of this many
   * workers of their own (one item at a time each), stopped when the run ends, and an abort
   * reaches the item in progress. Absent: the shared pool.
   */
  readonly dedicatedWorkers?: number;
  /** Same pose, params and seed give bit-identical output. Honours `signal` between variants. */
  generate(
    pose: GeneratorPose,
    params: GenerateParams,
    signal: AbortSignal,
    progress?: GeneratorProgress,
  ): Promise<GeneratedVariant[]>;
}
