/**
 * @file OpenPose frame JSON (COCO-18, BODY_25, BODY_25B) and the ControlNet / openpose-editor
 * variant (OpenPose-18 with a canvas, pixel or normalised coordinates, possibly an array of
 * frames), converted to COCO-17. A frame is small, so each is parsed whole; an array of frames is
 * streamed one frame at a time. Face and hand arrays are ignored.
 */
import { LAYOUTS, toCoco17, type LayoutId } from '../skeleton';
import type { Keypoint, PoseImportOptions, PoseRecord } from '../types';
import {
  cropCanvas,
  guessedImageCanvas,
  isFiniteNumber,
  isRecord,
  malformed,
  orSkipMalformed,
  shiftKeypoints,
  visibilityOf,
  type Canvas,
  type ReaderState,
} from './common';

export type FrameContext = {
  format: 'openpose' | 'controlnet';
  file: string;
  options: PoseImportOptions;
  state: ReaderState;
};

export type FrameLabel = {
  /** Record id of person i: `String(i)` or `${frame}:${i}`. */
  record: (person: number) => string;
  /** Where the frame sits, for error messages. */
  where: string;
  image: string | null;
};

type PersonPoints = { record: string; points: Keypoint[]; raw: readonly number[] };

function canvasOf(ctx: FrameContext, frame: Record<string, unknown>, where: string): Canvas | null {
  const { canvas_width: w, canvas_height: h } = frame;
  if (w === undefined && h === undefined) return null;
  if (!isFiniteNumber(w) || !isFiniteNumber(h) || w <= 0 || h <= 0) {
    throw malformed(
      ctx.file,
      where,
      'canvas_width',
      'canvas_width and canvas_height must be positive numbers',
    );
  }
  return { x0: 0, y0: 0, width: Math.ceil(w), height: Math.ceil(h) };
}

/** Layout for a body array of `length` values, or null when it holds no person. */
function layoutFor(ctx: FrameContext, length: number, record: string): LayoutId | null {
  if (length === 0) return null;
  if (ctx.format === 'controlnet') {
    // The editor keeps the first 18 points and ignores any extra ones.
    if (length >= 54 && length % 3 === 0) return 'openpose18';
  } else if (length === 54) {
    if (ctx.options.openposeLayout === 'body25' || ctx.options.openposeLayout === 'body25b') {
      ctx.state.warn(`54 values per person is the COCO-18 layout; read as OpenPose COCO-18`);
    }
    return 'openpose18';
  } else if (length === 75) {
    const chosen = ctx.options.openposeLayout;
    if (chosen === 'body25b') return 'body25b';
    if (chosen === 'coco18') ctx.state.warn('75 values per person cannot be COCO-18; read as BODY_25');
    return 'body25';
  }
  throw malformed(ctx.file, record, 'pose_keypoints_2d', `${length} values fit no OpenPose body layout`);
}

function personPoints(ctx: FrameContext, person: unknown, record: string, canvas: Canvas | null) {
  if (!isRecord(person)) throw malformed(ctx.file, record, 'people', 'expected an object per person');
  const field = person.pose_keypoints_2d !== undefined ? 'pose_keypoints_2d' : 'pose_keypoints';
  const raw = person[field] ?? [];
  if (!Array.isArray(raw) || !raw.every(isFiniteNumber)) {
    throw malformed(ctx.file, record, field, 'expected an array of numbers');
  }
  const layoutId = layoutFor(ctx, raw.length, record);
  if (layoutId === null) return null;
  const layout = LAYOUTS[layoutId];
  const values = raw.slice(0, layout.count * 3);
  // The editor reads an array as normalised when every |value| <= 1, then scales by the canvas.
  const normalised = ctx.format === 'controlnet' && values.every((v) => Math.abs(v) <= 1);
  if (normalised && canvas === null)
    ctx.state.warn('normalised coordinates without a canvas size kept as they are');
  const [sx, sy] = normalised && canvas ? [canvas.width, canvas.height] : [1, 1];
  const points: Keypoint[] = [];
  for (let i = 0; i < values.length; i += 3) {
    const [x, y, c] = [values[i]!, values[i + 1]!, values[i + 2]!];
    const missing = x === -1 && y === -1;
    const v = missing ? 0 : visibilityOf(c, ctx.options.occludedBelow);
    points.push(v === 0 ? [0, 0, 0] : [x * sx, y * sy, v]);
  }
  return { points: toCoco17(points, layout.toCoco), raw: values, layoutId };
}

/** Median of max(|p1 - p0|, |p2 - p0|) / body size over people with points 0, 1, 2 found. */
function neighbourRatio(people: readonly PersonPoints[]): number | null {
  const ratios: number[] = [];
  for (const { raw } of people) {
    if (!(raw[2]! > 0 && raw[5]! > 0 && raw[8]! > 0)) continue;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < raw.length; i += 3) {
      if (raw[i + 2]! > 0) {
        xs.push(raw[i]!);
        ys.push(raw[i + 1]!);
      }
    }
    const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    const d1 = Math.hypot(raw[3]! - raw[0]!, raw[4]! - raw[1]!);
    const d2 = Math.hypot(raw[6]! - raw[0]!, raw[7]! - raw[1]!);
    if (size > 0) ratios.push(Math.max(d1, d2) / size);
  }
  if (ratios.length === 0) return null;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)]!;
}

/**
 * The 75-value warning. BODY_25's points 1 and 2 are the neck and right shoulder, well away from
 * the nose; BODY_25B's are the eyes, right next to it.
 */
function body25Warning(ctx: FrameContext, people: readonly PersonPoints[]): void {
  const ratio = neighbourRatio(people);
  const hint =
    ratio !== null && ratio < 0.06
      ? " The geometry suggests BODY_25B: points 1 and 2 sit right next to the nose, as BODY_25B's eyes do, " +
        "not below it as BODY_25's neck and shoulder would."
      : '';
  ctx.state.warn(
    "75 values per person: read as BODY_25 (OpenPose's default model). The file cannot tell BODY_25 from " +
      'BODY_25B (joint orders differ); if it came from a BODY_25B model, import it again with the OpenPose ' +
      `layout set to body25b.${hint}`,
  );
}

function finishPerson(
  ctx: FrameContext,
  person: PersonPoints,
  canvas: Canvas | null,
  image: string | null,
): PoseRecord {
  const frame = canvas ?? cropCanvas(null, person.points, ctx.options.margin, null);
  return {
    width: frame.width,
    height: frame.height,
    keypoints: shiftKeypoints(person.points, frame),
    box: null,
    source: { format: ctx.format, file: ctx.file, record: person.record, image },
  };
}

/** One frame object -> its poses (skips counted in ctx.state). */
export function framePoses(ctx: FrameContext, frame: unknown, label: FrameLabel): PoseRecord[] {
  if (!isRecord(frame) || !Array.isArray(frame.people)) {
    throw malformed(ctx.file, label.where, 'people', 'expected an object with a people array');
  }
  let canvas = canvasOf(ctx, frame, label.where);
  const people: PersonPoints[] = [];
  let ambiguous = false;
  frame.people.forEach((person: unknown, i: number) => {
    const record = label.record(i);
    const read = orSkipMalformed(ctx.options.skipMalformed, ctx.state, () =>
      personPoints(ctx, person, record, canvas),
    );
    if (read === undefined) return;
    if (read === null || !read.points.some((point) => point[2] > 0)) return ctx.state.skip('no-keypoints');
    ambiguous ||= read.layoutId === 'body25' && ctx.options.openposeLayout === 'auto';
    people.push({ record, points: read.points, raw: read.raw });
  });
  if (ambiguous) body25Warning(ctx, people);
  if (canvas === null && ctx.options.canvas === 'image' && people.length > 0) {
    // Every person of a frame shares its image, so one canvas reaching the furthest point.
    canvas = guessedImageCanvas(
      people.flatMap((person) => person.points),
      ctx.options.margin,
    );
    ctx.state.warn(
      'the file does not give the image size; the canvas reaches the furthest keypoint plus the margin',
    );
  }
  return people.map((person) => finishPerson(ctx, person, canvas, label.image));
}
