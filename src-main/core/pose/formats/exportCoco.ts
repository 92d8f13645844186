/**
 * @file Streaming COCO person-keypoints writer: one annotation and one image (of the pose's
 * canvas size) per pose, in a single pass over the poses. Images are written after the
 * annotations so nothing but three numbers per pose is held; the `info` block marks the file as
 * a Pose Studio export so our reader keeps each image as the canvas (see coco.ts).
 */
import { keypointBox, labeledCount } from '../geometry';
import { COCO_KEYPOINT_NAMES, COCO_LIMBS } from '../skeleton';
import type { Pose } from '../../../contract';
import { STUDIO_EXPORT_DESCRIPTION } from './coco';

/** What the writers need of a pose (the contract's Pose has more; its source is not written). */
export type ExportPose = Pick<Pose, 'id' | 'width' | 'height' | 'keypoints' | 'box'>;

/** Joins small strings into pieces of about 64 K characters, so consumers make few writes. */
export class StringBlocks {
  private parts: string[] = [];
  private size = 0;
  add(part: string): string | null {
    this.parts.push(part);
    this.size += part.length;
    return this.size >= 65536 ? this.take() : null;
  }
  take(): string | null {
    if (this.size === 0) return null;
    const out = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return out;
  }
}

function header(now: Date): string {
  const info = {
    description: STUDIO_EXPORT_DESCRIPTION,
    version: '1.0',
    year: now.getUTCFullYear(),
    contributor: 'Pose Studio',
    date_created: now.toISOString(),
  };
  const category = {
    id: 1,
    name: 'person',
    supercategory: 'person',
    keypoints: COCO_KEYPOINT_NAMES,
    skeleton: COCO_LIMBS.map(([a, b]) => [a + 1, b + 1]),
  };
  return `{"info":${JSON.stringify(info)},"licenses":[],"categories":[${JSON.stringify(category)}],"annotations":[`;
}

function annotation(pose: ExportPose): string {
  const bbox = pose.box ?? keypointBox(pose.keypoints) ?? [0, 0, 0, 0];
  return JSON.stringify({
    id: pose.id,
    image_id: pose.id,
    category_id: 1,
    iscrowd: 0,
    num_keypoints: labeledCount(pose.keypoints),
    keypoints: pose.keypoints.flatMap(([x, y, v]) => (v === 0 ? [0, 0, 0] : [x, y, v])),
    bbox,
    area: bbox[2] * bbox[3],
    segmentation: [],
  });
}

/** COCO JSON text, in pieces, for every pose of `poses` (one pass). */
export function* cocoExportChunks(poses: Iterable<ExportPose>, now: Date = new Date()): Generator<string> {
  const blocks = new StringBlocks();
  const images: number[] = [];
  let first = true;
  const emit = (part: string) => blocks.add(part);
  let out = emit(header(now));
  if (out) yield out;
  for (const pose of poses) {
    out = emit(`${first ? '' : ','}\n${annotation(pose)}`);
    first = false;
    images.push(pose.id, pose.width, pose.height);
    if (out) yield out;
  }
  out = emit('\n],"images":[');
  if (out) yield out;
  for (let i = 0; i < images.length; i += 3) {
    const [id, width, height] = [images[i]!, images[i + 1]!, images[i + 2]!];
    out = emit(
      `${i === 0 ? '' : ','}\n${JSON.stringify({ id, file_name: `pose-${id}.png`, width, height })}`,
    );
    if (out) yield out;
  }
  emit('\n]}\n');
  const last = blocks.take();
  if (last) yield last;
}
