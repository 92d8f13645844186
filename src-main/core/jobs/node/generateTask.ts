/**
 * @file One generation work item as a worker runs it: call the generator for one variant, check
 * what it returned, encode every modality with sharp and hash the bytes. The main thread then only
 * writes the files at their content address and commits rows. Kept apart from the worker entry so
 * it is testable in-process. A variant's `pngText` is embedded in its RGB PNG (tEXt chunks), its
 * control image (if the generator returns one) becomes the `condition` PNG; a generator's previews
 * go back to the main thread as small PNGs while the item runs.
 */
import { insertPngText } from '../../generate/sd/pngText';
import type {
  GeneratedVariant,
  GenerateParams,
  Generator,
  GeneratorPose,
  GeneratorPreview,
} from '../../generate/types';
import {
  encodeDepthPng,
  encodePartsPng,
  encodeRgbPng,
  encodeThumbnail,
  THUMB_SIZE,
} from '../../media/node/codec';
import { sha256Hex } from '../../media/node/mediaStore';

/** What each worker thread is started with. */
export type GenerationWorkerData = { generatorModules: readonly string[] };

export type MediaRole = 'rgb' | 'thumb' | 'depth' | 'parts' | 'condition';

export type GenerateTask = {
  generatorId: string;
  pose: GeneratorPose;
  /** For exactly one variant: count 1, its seed and prompt. */
  params: GenerateParams;
  thumbSize?: number;
};

export type EncodedMedia = { role: MediaRole; ext: 'png' | 'webp'; sha256: string; data: Uint8Array };

export type VariantMeta = Omit<GeneratedVariant, 'rgba' | 'depth' | 'parts' | 'pngText' | 'condition'>;

/** What a worker posts while an item runs: a preview as a PNG (the main thread emits it as an event). */
export type GenerateEvent = {
  kind: 'preview';
  step: number;
  steps: number;
  width: number;
  height: number;
  png: Uint8Array;
};

export type GeneratedItem = {
  variant: VariantMeta;
  files: EncodedMedia[];
  /** Where the time went, for benchmarks: drawing (generator) vs encoding + hashing. */
  timings: { drawMs: number; encodeMs: number };
};

function checkVariant(generator: Generator, variant: GeneratedVariant): void {
  const pixels = variant.width * variant.height;
  const wrong = (what: string) => new Error(`generator ${generator.id} returned ${what}`);
  if (!Number.isInteger(variant.width) || !Number.isInteger(variant.height) || pixels <= 0) {
    throw wrong(`an invalid size ${variant.width}x${variant.height}`);
  }
  if (variant.rgba.length !== pixels * 4)
    throw wrong(`${variant.rgba.length} RGBA bytes for ${pixels} pixels`);
  if (variant.depth && variant.depth.length !== pixels) throw wrong('a depth map of the wrong size');
  if (variant.parts && variant.parts.length !== pixels) throw wrong('a part mask of the wrong size');
  if (variant.condition && variant.condition.length !== pixels * 4)
    throw wrong('a condition image of the wrong size');
  if (variant.keypoints.length !== 17) throw wrong(`${variant.keypoints.length} keypoints (17 expected)`);
}

async function encode(variant: GeneratedVariant, thumbSize: number): Promise<EncodedMedia[]> {
  const size = { width: variant.width, height: variant.height };
  const text = variant.pngText;
  const jobs: Promise<EncodedMedia>[] = [
    encodeRgbPng(variant.rgba, size).then((data) =>
      media('rgb', 'png', text ? insertPngText(data, text) : data),
    ),
    encodeThumbnail(variant.rgba, size, thumbSize).then((data) => media('thumb', 'webp', data)),
  ];
  if (variant.depth)
    jobs.push(encodeDepthPng(variant.depth, size).then((data) => media('depth', 'png', data)));
  if (variant.parts)
    jobs.push(encodePartsPng(variant.parts, size).then((data) => media('parts', 'png', data)));
  // The same pose at the same size gives the same bytes: one content-addressed file per pose.
  if (variant.condition)
    jobs.push(encodeRgbPng(variant.condition, size).then((data) => media('condition', 'png', data)));
  return Promise.all(jobs);
}

function media(role: MediaRole, ext: 'png' | 'webp', data: Uint8Array): EncodedMedia {
  // A fresh, exactly sized copy: sharp may hand back a view of a larger pooled buffer.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  return { role, ext, sha256: sha256Hex(bytes), data: bytes };
}

/** A progress callback that posts each preview as a PNG (encoded off the generator's path). */
function previewPoster(emit: (event: GenerateEvent) => void) {
  return (_fraction: number, preview?: GeneratorPreview): void => {
    if (!preview) return;
    const { step, steps, width, height } = preview;
    encodeRgbPng(preview.rgba, { width, height }).then(
      (png) => emit({ kind: 'preview', step, steps, width, height, png: new Uint8Array(png) }),
      () => undefined, // a preview is best effort
    );
  };
}

/** Run one item. Throws (the pool reports it as this item's error) when the generator refuses. */
export async function runGenerateTask(
  generators: ReadonlyMap<string, Generator>,
  task: GenerateTask,
  signal: AbortSignal = new AbortController().signal,
  emit?: (event: GenerateEvent) => void,
): Promise<GeneratedItem> {
  const generator = generators.get(task.generatorId);
  if (!generator) throw new Error(`unknown generator "${task.generatorId}"`);
  const started = performance.now();
  const progress = emit ? previewPoster(emit) : undefined;
  const variants = await generator.generate(task.pose, { ...task.params, count: 1 }, signal, progress);
  const drawn = performance.now();
  const variant = variants[0];
  if (variants.length !== 1 || !variant) {
    throw new Error(`generator ${generator.id} returned ${variants.length} variants for 1`);
  }
  checkVariant(generator, variant);
  const files = await encode(variant, task.thumbSize ?? THUMB_SIZE);
  const { rgba: _rgba, depth: _depth, parts: _parts, pngText: _pngText, condition: _c, ...meta } = variant;
  return { variant: meta, files, timings: { drawMs: drawn - started, encodeMs: performance.now() - drawn } };
}
