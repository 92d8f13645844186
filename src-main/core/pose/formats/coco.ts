/**
 * @file COCO person-keypoints reader (and the COCO-style layouts of CrowdPose, AI Challenger,
 * MHP, JHMDB, Halpe, PoseTrack, ... mapped to COCO-17). Two streaming passes in bounded memory: a
 * metadata pass (images, categories, info; annotations are only scanned) because real COCO files
 * put `categories` after `annotations`, then the annotation pass. The metadata pass stops early
 * when images and categories come before the annotations.
 */
import { resolveCocoLayout, type ResolvedLayout } from '../layouts';
import { toCoco17 } from '../skeleton';
import type { Box, Keypoint, OpenBytes, PoseFileReader, PoseImportOptions, PoseRecord } from '../types';
import {
  cropCanvas,
  isFiniteNumber,
  isRecord,
  makeReader,
  malformed,
  orSkipMalformed,
  parseBox,
  readJson,
  shiftBox,
  shiftKeypoints,
  unsupported,
  type Canvas,
  type ReaderState,
} from './common';

/** Our own COCO exports say so; each of their images is exactly one pose's canvas. */
export const STUDIO_EXPORT_DESCRIPTION = 'Pose Studio export';

type ImageInfo = { width: number | null; height: number | null; name: string | null };

type CocoMeta = {
  images: Map<string, ImageInfo>;
  /** Person category ids; null when the file has no categories (then every annotation counts). */
  personIds: Set<string> | null;
  /** Keypoint names of the person category, if it lists any. */
  names: string[] | null;
  ownExport: boolean;
};

const idKey = (id: unknown): string => String(id);

function imageInfo(value: unknown): [string, ImageInfo] | null {
  if (!isRecord(value) || value.id === undefined) return null;
  const size = (n: unknown): number | null => (isFiniteNumber(n) && n > 0 ? n : null);
  const name = typeof value.file_name === 'string' ? value.file_name : null;
  return [idKey(value.id), { width: size(value.width), height: size(value.height), name }];
}

/** Person category: the one named 'person', else the single category that lists keypoints. */
function personCategory(categories: unknown): Pick<CocoMeta, 'personIds' | 'names'> {
  if (!Array.isArray(categories) || categories.length === 0) return { personIds: null, names: null };
  const all = categories.filter(isRecord);
  const named = all.filter((c) => typeof c.name === 'string' && c.name.toLowerCase() === 'person');
  const withKeypoints = all.filter((c) => Array.isArray(c.keypoints) && c.keypoints.length > 0);
  const chosen = named.length > 0 ? named : withKeypoints.length === 1 ? withKeypoints : [];
  const listed = chosen.find((c) => Array.isArray(c.keypoints) && c.keypoints.length > 0);
  const names = listed ? (listed.keypoints as unknown[]).map(String) : null;
  return { personIds: new Set(chosen.map((c) => idKey(c.id))), names };
}

/** Metadata pass: everything but the annotations' contents. */
async function readMeta(open: OpenBytes, file: string): Promise<CocoMeta> {
  const images = new Map<string, ImageInfo>();
  let categories: unknown = undefined;
  let info: unknown = undefined;
  let sawImages = false;
  const select = (key: string) =>
    key === 'images' ? 'elements' : key === 'categories' || key === 'info' ? 'value' : 'skip';
  reading: for await (const { events } of readJson(open, file, { select })) {
    for (const event of events) {
      if (event.type === 'key' && event.key === 'annotations' && sawImages && categories !== undefined) {
        break reading;
      } else if (event.type === 'arrayStart' && event.key === 'images') sawImages = true;
      else if (event.type === 'element' && event.key === 'images') {
        const entry = imageInfo(event.value);
        if (entry) images.set(entry[0], entry[1]);
      } else if (event.type === 'value' && event.key === 'categories') categories = event.value;
      else if (event.type === 'value' && event.key === 'info') info = event.value;
      else if (event.type === 'value' && event.key === 'images') sawImages = true;
    }
  }
  const ownExport = isRecord(info) && info.description === STUDIO_EXPORT_DESCRIPTION;
  return { images, ...personCategory(categories), ownExport };
}

type Context = {
  file: string;
  options: PoseImportOptions;
  meta: CocoMeta;
  state: ReaderState;
  layout: ResolvedLayout | null;
};

function resolveLayout(ctx: Context, values: number, record: string): ResolvedLayout {
  if (ctx.layout) return ctx.layout;
  const layout = resolveCocoLayout(ctx.meta.names, values / 3);
  if (layout === null) {
    throw unsupported(ctx.file, `record ${record} has ${values / 3} keypoints, which is no known layout`);
  }
  if (layout.warning) ctx.state.warn(layout.warning);
  ctx.layout = layout;
  return layout;
}

/** Validated keypoints in the file's layout, or a MALFORMED_FILE error. */
function parseKeypoints(ctx: Context, raw: unknown[], record: string): Keypoint[] {
  const bad = (problem: string) => malformed(ctx.file, record, 'keypoints', problem);
  if (raw.length % 3 !== 0) throw bad(`${raw.length} values is not a whole number of [x, y, v] triples`);
  const layout = resolveLayout(ctx, raw.length, record);
  if (raw.length !== layout.count * 3) {
    throw bad(`${raw.length} values where ${layout.label} has ${layout.count * 3}`);
  }
  const points: Keypoint[] = [];
  for (let i = 0; i < raw.length; i += 3) {
    const [x, y, v] = [raw[i], raw[i + 1], raw[i + 2]];
    if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(v)) {
      throw bad(`keypoint ${i / 3} is not three numbers`);
    }
    if (v !== 0 && v !== 1 && v !== 2) throw bad(`keypoint ${i / 3} has visibility ${v} (must be 0, 1 or 2)`);
    points.push(v === 0 ? [0, 0, 0] : [x, y, v]);
  }
  return toCoco17(points, layout.toCoco);
}

function canvasFor(
  ctx: Context,
  ann: Record<string, unknown>,
  box: Box | null,
  points: Keypoint[],
  record: string,
) {
  const image = ctx.meta.images.get(idKey(ann.image_id)) ?? null;
  const sized =
    image && image.width !== null && image.height !== null
      ? { width: image.width, height: image.height }
      : null;
  // Each image of our own export is exactly one pose's canvas: cropping would only change it.
  const mode = ctx.meta.ownExport ? 'image' : ctx.options.canvas;
  let canvas: Canvas;
  if (mode === 'image') {
    if (sized === null) {
      throw malformed(
        ctx.file,
        record,
        'image_id',
        `image ${String(ann.image_id)} has no entry with a size in images[]`,
      );
    }
    canvas = { x0: 0, y0: 0, width: Math.ceil(sized.width), height: Math.ceil(sized.height) };
  } else canvas = cropCanvas(box, points, ctx.options.margin, sized);
  const imageName =
    image?.name ?? (ann.image_id === undefined || ann.image_id === null ? null : String(ann.image_id));
  return { canvas, imageName };
}

/** One annotation -> a pose, or a skip reason. Throws MALFORMED_FILE (caller may count it). */
function convert(
  ctx: Context,
  ann: unknown,
  index: number,
): PoseRecord | 'not-person' | 'crowd' | 'no-keypoints' {
  if (!isRecord(ann)) throw malformed(ctx.file, `#${index}`, 'annotation', 'expected an object');
  const record = ann.id === undefined || ann.id === null ? `#${index}` : String(ann.id);
  const { personIds } = ctx.meta;
  if (personIds !== null && !personIds.has(idKey(ann.category_id))) return 'not-person';
  if (ann.iscrowd === 1 || ann.iscrowd === true) return 'crowd';
  if (ann.keypoints === undefined || ann.keypoints === null) return 'no-keypoints';
  if (!Array.isArray(ann.keypoints)) throw malformed(ctx.file, record, 'keypoints', 'expected an array');
  const points = parseKeypoints(ctx, ann.keypoints, record);
  const box = parseBox(ctx.file, ann.bbox, record, 'bbox');
  if (!points.some((point) => point[2] > 0)) return 'no-keypoints';
  const { canvas, imageName } = canvasFor(ctx, ann, box, points, record);
  return {
    width: canvas.width,
    height: canvas.height,
    keypoints: shiftKeypoints(points, canvas),
    box: shiftBox(box, canvas),
    source: { format: 'coco', file: ctx.file, record, image: imageName },
  };
}

function convertOrCount(ctx: Context, ann: unknown, index: number, out: PoseRecord[]): void {
  const result = orSkipMalformed(ctx.options.skipMalformed, ctx.state, () => convert(ctx, ann, index));
  if (typeof result === 'string') ctx.state.skip(result);
  else if (result !== undefined) out.push(result);
}

export async function openCoco(
  open: OpenBytes,
  file: string,
  options: PoseImportOptions,
): Promise<PoseFileReader> {
  const meta = await readMeta(open, file);
  return makeReader('coco', null, async function* (state) {
    const ctx: Context = { file, options, meta, state, layout: null };
    if (meta.personIds !== null && meta.personIds.size === 0) {
      state.warn('no category is named person or lists keypoints; every annotation counts as not-person');
    }
    const select = (key: string) => (key === 'annotations' ? 'elements' : 'skip');
    for await (const { events, bytesRead } of readJson(open, file, { select })) {
      const poses: PoseRecord[] = [];
      let done = false;
      for (const event of events) {
        if (event.type === 'element' && event.key === 'annotations')
          convertOrCount(ctx, event.value, event.index, poses);
        else if (event.type === 'value' && event.key === 'annotations') {
          throw malformed(file, '(file)', 'annotations', 'expected an array');
        } else if (event.type === 'arrayEnd' && event.key === 'annotations') done = true;
      }
      yield { poses, bytesRead };
      if (done) return;
    }
  });
}
