/**
 * @file The pose presets shipped with the studio (resources/poses/presets.json: hand-authored
 * COCO-17 poses on a 512x512 canvas) and seeded augmentations of them: mirror with left/right
 * swap, a small rotation and scale about the hip centre, and joint jitter of a few percent of the
 * body size, kept inside the canvas. Used by `pose-studio init --sample` and as starting poses.
 * Platform-free: the JSON is imported as a module, so bundles carry it and no file is read.
 */
import { z } from 'zod';
import { KeypointsSchema, TagSchema } from '../../contract';
import presetFile from '../../../resources/poses/presets.json';
import { centerScale, keypointBox, mirrorPose } from './geometry';
import type { Keypoint } from './types';

/** Preset names double as tags and CLI arguments, so they stay lower-case words with dashes. */
const PresetNameSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by dashes');

export const PosePresetSchema = z
  .object({
    name: PresetNameSchema,
    description: z.string().min(1),
    tags: z.array(TagSchema).max(8),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    keypoints: KeypointsSchema,
  })
  .strict();
export type PosePreset = z.infer<typeof PosePresetSchema>;

const PresetFileSchema = z
  .object({
    version: z.literal(1),
    skeleton: z.literal('coco17'),
    about: z.string(),
    presets: z.array(PosePresetSchema).min(1),
  })
  .strict();

/** What augmentation needs of a pose; presets, catalog poses and PoseRecords all fit. */
export type PoseShape = { width: number; height: number; keypoints: readonly Keypoint[] };

/**
 * Validate a presets document: the schema, unique names, and every labeled keypoint inside its
 * canvas (a preset outside its canvas would be cropped by every consumer). Throws with the
 * offending preset named.
 */
export function parsePresets(data: unknown): PosePreset[] {
  const parsed = PresetFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`pose presets: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const names = new Set<string>();
  for (const preset of parsed.data.presets) {
    if (names.has(preset.name)) throw new Error(`pose presets: "${preset.name}" appears twice`);
    names.add(preset.name);
    preset.keypoints.forEach(([x, y, v], index) => {
      if (v !== 0 && (x < 0 || y < 0 || x > preset.width || y > preset.height)) {
        throw new Error(`pose presets: "${preset.name}" keypoint ${index} lies outside its canvas`);
      }
    });
  }
  return parsed.data.presets;
}

let cached: readonly PosePreset[] | null = null;

/** The bundled presets, validated once. */
export function loadPresets(): readonly PosePreset[] {
  cached ??= Object.freeze(parsePresets(presetFile));
  return cached;
}

/** mulberry32: a tiny seeded generator, enough for augmentation and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type AugmentOptions = {
  /** Probability of a horizontal mirror (left and right joints swapped). */
  mirror?: number;
  /** Largest rotation about the hip centre, degrees either way. */
  maxRotation?: number;
  /** Scale range about the hip centre. */
  scale?: readonly [number, number];
  /** Largest joint jitter per axis, as a fraction of the body size (longer side of its box). */
  jitter?: number;
  /** Free border kept inside the canvas, as a fraction of the shorter canvas side. */
  margin?: number;
};

const DEFAULTS: Required<AugmentOptions> = {
  mirror: 0.5,
  maxRotation: 12,
  scale: [0.85, 1.08],
  jitter: 0.015,
  margin: 0.03,
};

/** Hip centre when both hips are labeled (the body's pivot), else the centre of the box. */
function pivotOf(keypoints: readonly Keypoint[]): [number, number] | null {
  const [left, right] = [keypoints[11], keypoints[12]];
  if (left && right && left[2] > 0 && right[2] > 0)
    return [(left[0] + right[0]) / 2, (left[1] + right[1]) / 2];
  const cs = centerScale(keypoints);
  return cs === null ? null : [cs.cx, cs.cy];
}

/**
 * Shrink (if needed) and shift the labeled points so they keep `margin` pixels from every edge,
 * then move them by a random share of the room left, so augmentations also vary in position.
 */
function fitIntoCanvas(
  points: Keypoint[],
  pose: PoseShape,
  margin: number,
  random: () => number,
): Keypoint[] {
  const box = keypointBox(points);
  if (box === null) return points;
  const [x, y, w, h] = box;
  const roomW = pose.width - 2 * margin;
  const roomH = pose.height - 2 * margin;
  const shrink = Math.min(1, roomW / Math.max(w, 1e-6), roomH / Math.max(h, 1e-6));
  const [cx, cy] = [x + w / 2, y + h / 2];
  const [sw, sh] = [w * shrink, h * shrink];
  // The box's left (top) edge may go anywhere in [margin, margin + slack]; start where it is
  // (clamped), then move by up to a quarter of that range either way.
  const place = (current: number, slack: number): number => {
    const moved = current + (random() - 0.5) * 0.5 * slack;
    return Math.min(Math.max(moved, margin), margin + slack);
  };
  const left = place(cx - sw / 2, roomW - sw);
  const top = place(cy - sh / 2, roomH - sh);
  return points.map(([px, py, v]): Keypoint =>
    v === 0 ? [0, 0, 0] : [left + (px - (cx - w / 2)) * shrink, top + (py - (cy - h / 2)) * shrink, v],
  );
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * A plausible variation of `pose`, the same for the same seed: maybe mirrored (left/right
 * swapped, so a left wrist stays a left wrist), rotated and scaled about the hip centre, each
 * joint jittered a little, and fitted back into the canvas. Visibility flags are kept; unlabeled
 * joints stay [0, 0, 0].
 */
export function augmentPose<T extends PoseShape>(pose: T, seed: number, options: AugmentOptions = {}): T {
  const o = { ...DEFAULTS, ...options };
  const random = seededRandom(seed);
  const between = (low: number, high: number): number => low + (high - low) * random();
  let points: Keypoint[] = pose.keypoints.map(([x, y, v]) => [x, y, v]);
  if (random() < o.mirror) points = mirrorPose(points, pose.width);
  const pivot = pivotOf(points);
  const size = centerScale(points)?.scale ?? 0;
  if (pivot === null) return { ...pose, keypoints: points };
  const angle = (between(-o.maxRotation, o.maxRotation) * Math.PI) / 180;
  const scale = between(o.scale[0], o.scale[1]);
  const [cos, sin] = [Math.cos(angle) * scale, Math.sin(angle) * scale];
  const jitter = o.jitter * size;
  points = points.map(([x, y, v]): Keypoint => {
    // Triangular noise (most joints move little, none more than `jitter`), drawn for every joint,
    // labeled or not, so one joint's jitter does not depend on which others are labeled.
    const [jx, jy] = [(random() + random() - 1) * jitter, (random() + random() - 1) * jitter];
    if (v === 0) return [0, 0, 0];
    const [dx, dy] = [x - pivot[0], y - pivot[1]];
    return [pivot[0] + dx * cos - dy * sin + jx, pivot[1] + dx * sin + dy * cos + jy, v];
  });
  const margin = o.margin * Math.min(pose.width, pose.height);
  const fitted = fitIntoCanvas(points, pose, margin, random);
  return { ...pose, keypoints: fitted.map(([x, y, v]): Keypoint => [round2(x), round2(y), v]) };
}

/** One pose of the sample set: a preset itself (index 0) or one of its augmentations. */
export type PresetSample = {
  preset: PosePreset;
  /** 0 for the preset as authored, 1.. for augmentations. */
  index: number;
  width: number;
  height: number;
  keypoints: Keypoint[];
};

/**
 * `perPreset` poses per preset: the preset as authored, then `perPreset - 1` augmentations with
 * seeds derived from `seed`, the preset's position and the augmentation's index.
 */
export function presetSamples(
  perPreset: number,
  seed = 1,
  presets: readonly PosePreset[] = loadPresets(),
): PresetSample[] {
  const samples: PresetSample[] = [];
  presets.forEach((preset, p) => {
    for (let index = 0; index < perPreset; index += 1) {
      const pose =
        index === 0 ? preset : augmentPose(preset, (seed * 1_000_003 + p * 7919 + index * 104_729) >>> 0);
      samples.push({ preset, index, width: pose.width, height: pose.height, keypoints: [...pose.keypoints] });
    }
  });
  return samples;
}
