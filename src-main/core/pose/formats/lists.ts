/**
 * @file Readers for pose lists that are top-level JSON arrays, streamed one element at a time:
 * AlphaPose results (COCO-17, Halpe-26, Halpe-136 or COCO-WholeBody keypoints with confidences)
 * and mmpose's MPII JSON (16 joints with a visibility flag, a centre and a scale).
 */
import { LAYOUTS, toCoco17, type LayoutId } from '../skeleton';
import type {
  Box,
  Keypoint,
  OpenBytes,
  PoseFileReader,
  PoseFormat,
  PoseImportOptions,
  PoseRecord,
} from '../types';
import {
  cropCanvas,
  guessedImageCanvas,
  isFiniteNumber,
  isRecord,
  makeReader,
  malformed,
  orSkipMalformed,
  parseBox,
  readJson,
  shiftBox,
  shiftKeypoints,
  visibilityOf,
  type ReaderState,
} from './common';

type ElementContext = { file: string; options: PoseImportOptions; state: ReaderState };
type Converted = { points: Keypoint[]; box: Box | null; image: string | null } | 'not-person';
type Convert = (ctx: ElementContext, value: unknown, record: string) => Converted;

const ALPHAPOSE_LAYOUTS: ReadonlyMap<number, LayoutId> = new Map<number, LayoutId>([
  [17, 'coco17'],
  [26, 'halpe26'],
  [133, 'cocoWholebody133'],
  [136, 'halpe136'],
]);

const convertAlphapose: Convert = (ctx, value, record) => {
  if (!isRecord(value)) throw malformed(ctx.file, record, '(record)', 'expected an object');
  if (value.category_id !== undefined && value.category_id !== 1) return 'not-person';
  const raw = value.keypoints;
  const count = Array.isArray(raw) && raw.length % 3 === 0 ? raw.length / 3 : -1;
  const layoutId = ALPHAPOSE_LAYOUTS.get(count);
  if (!Array.isArray(raw) || layoutId === undefined || !raw.every(isFiniteNumber)) {
    throw malformed(
      ctx.file,
      record,
      'keypoints',
      'expected 17, 26, 133 or 136 [x, y, score] triples of numbers',
    );
  }
  const layout = LAYOUTS[layoutId];
  if (layoutId !== 'coco17')
    ctx.state.warn(`keypoints read as ${layout.label}; joints beyond COCO-17 are not imported`);
  const points: Keypoint[] = [];
  for (let i = 0; i < raw.length; i += 3) {
    const v = visibilityOf(raw[i + 2] as number, ctx.options.occludedBelow);
    points.push(v === 0 ? [0, 0, 0] : [raw[i] as number, raw[i + 1] as number, v]);
  }
  const image = value.image_id === undefined || value.image_id === null ? null : String(value.image_id);
  return {
    points: toCoco17(points, layout.toCoco),
    box: parseBox(ctx.file, value.box, record, 'box'),
    image,
  };
};

function mpiiBox(value: Record<string, unknown>): Box | null {
  const { center, scale } = value;
  const [cx, cy] = Array.isArray(center) && center.length === 2 ? (center as unknown[]) : [];
  if (!isFiniteNumber(cx) || !isFiniteNumber(cy) || !isFiniteNumber(scale) || scale <= 0) return null;
  // mmpose: the person box is scale * 200 px square around the centre (1-based like the joints).
  const side = scale * 200;
  return [cx - 1 - side / 2, cy - 1 - side / 2, side, side];
}

const convertMpii: Convert = (ctx, value, record) => {
  if (!isRecord(value)) throw malformed(ctx.file, record, '(record)', 'expected an object');
  const { joints, joints_vis: vis } = value;
  const isPair = (p: unknown) =>
    Array.isArray(p) && p.length >= 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]);
  if (!Array.isArray(joints) || joints.length !== 16 || !joints.every(isPair)) {
    throw malformed(ctx.file, record, 'joints', 'expected 16 [x, y] pairs');
  }
  if (vis !== undefined && (!Array.isArray(vis) || vis.length !== 16 || !vis.every(isFiniteNumber))) {
    throw malformed(ctx.file, record, 'joints_vis', 'expected 16 numbers');
  }
  const points = (joints as number[][]).map(([x, y], i): Keypoint => {
    const labeled = (vis === undefined || (vis as number[])[i]! > 0) && !(x === -1 && y === -1);
    // MPII coordinates are 1-based (Matlab); mmpose subtracts 1, and so do we.
    return labeled ? [x! - 1, y! - 1, 2] : [0, 0, 0];
  });
  const image = typeof value.image === 'string' ? value.image : null;
  return { points: toCoco17(points, LAYOUTS.mpii16.toCoco), box: mpiiBox(value), image };
};

function toPose(
  ctx: ElementContext,
  format: PoseFormat,
  record: string,
  converted: Exclude<Converted, 'not-person'>,
): PoseRecord {
  const { points, box, image } = converted;
  let canvas;
  if (ctx.options.canvas === 'image') {
    ctx.state.warn(
      'the file does not give image sizes; each canvas reaches its furthest keypoint plus the margin',
    );
    canvas = guessedImageCanvas(points, ctx.options.margin);
  } else canvas = cropCanvas(box, points, ctx.options.margin, null);
  return {
    width: canvas.width,
    height: canvas.height,
    keypoints: shiftKeypoints(points, canvas),
    box: shiftBox(box, canvas),
    source: { format, file: ctx.file, record, image },
  };
}

function openList(
  open: OpenBytes,
  file: string,
  options: PoseImportOptions,
  format: PoseFormat,
  convert: Convert,
) {
  return makeReader(format, null, async function* (state) {
    const ctx: ElementContext = { file, options, state };
    for await (const { events, bytesRead } of readJson(open, file, {})) {
      const poses: PoseRecord[] = [];
      for (const event of events) {
        if (event.type !== 'element') continue;
        const record = String(event.index);
        const converted = orSkipMalformed(options.skipMalformed, state, () =>
          convert(ctx, event.value, record),
        );
        if (converted === undefined) continue;
        if (converted === 'not-person') state.skip('not-person');
        else if (!converted.points.some((point) => point[2] > 0)) state.skip('no-keypoints');
        else poses.push(toPose(ctx, format, record, converted));
      }
      yield { poses, bytesRead };
    }
  });
}

export function openAlphapose(open: OpenBytes, file: string, options: PoseImportOptions): PoseFileReader {
  return openList(open, file, options, 'alphapose', convertAlphapose);
}

export function openMpii(open: OpenBytes, file: string, options: PoseImportOptions): PoseFileReader {
  return openList(open, file, options, 'mpii', convertMpii);
}
