import { describe, expect, it } from 'vitest';
import { PoseImportOptionsSchema, StudioError, type PoseImportOptions } from '../../../contract';
import { COCO_KEYPOINT_NAMES } from '../skeleton';
import { memoryBytes, openPoseFile, readAllPoses } from './index';
import { STUDIO_EXPORT_DESCRIPTION } from './coco';

const options = (overrides: Partial<PoseImportOptions> = {}) => PoseImportOptionsSchema.parse(overrides);

function keypoints(points: Record<number, [number, number, number]>): number[] {
  const flat = new Array<number>(51).fill(0);
  for (const [i, [x, y, v]] of Object.entries(points)) flat.splice(Number(i) * 3, 3, x, y, v);
  return flat;
}

const person = { id: 1, name: 'person', keypoints: [...COCO_KEYPOINT_NAMES], skeleton: [] };
const image = { id: 9, width: 640, height: 480, file_name: 'nine.jpg' };

function ann(id: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    image_id: 9,
    category_id: 1,
    iscrowd: 0,
    bbox: [100.5, 50.25, 40, 80],
    keypoints: keypoints({ 0: [110.5, 60.25, 2], 5: [120, 100, 1] }),
    ...extra,
  };
}

async function read(doc: unknown, opts: Partial<PoseImportOptions> = {}, chunk = 37) {
  const reader = await openPoseFile(memoryBytes(JSON.stringify(doc), chunk), 'test.json', options(opts));
  const poses = await readAllPoses(reader);
  return { reader, poses };
}

async function refusal(doc: unknown, opts: Partial<PoseImportOptions> = {}): Promise<StudioError> {
  try {
    await read(doc, opts);
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('COCO crop canvas', () => {
  it('expands the box by the margin, floors the origin, ceils the far edge, shifts by the origin', async () => {
    const { reader, poses } = await read({ images: [image], annotations: [ann(7)], categories: [person] });
    expect(reader.format).toBe('coco');
    expect(poses).toHaveLength(1);
    const [pose] = poses;
    // left 100.5 - 10 = 90.5 -> 90; top 50.25 - 20 = 30.25 -> 30; right 150.5 -> 151; bottom 150.25 -> 151.
    expect([pose!.width, pose!.height]).toEqual([61, 121]);
    expect(pose!.keypoints[0]).toEqual([20.5, 30.25, 2]);
    expect(pose!.keypoints[5]).toEqual([30, 70, 1]);
    expect(pose!.keypoints[1]).toEqual([0, 0, 0]);
    expect(pose!.box).toEqual([10.5, 20.25, 40, 80]);
    expect(pose!.source).toEqual({ format: 'coco', file: 'test.json', record: '7', image: 'nine.jpg' });
  });

  it('clips to the image and widens to keypoints outside the box', async () => {
    const edge = ann(1, {
      bbox: [0, 400, 40, 80],
      keypoints: keypoints({ 0: [-5, 410, 2], 9: [90, 420, 2] }),
    });
    const { poses } = await read({ images: [image], annotations: [edge], categories: [person] });
    // x: -10 -> clipped 0; right max(50, 90) = 90. y: 380 .. min(500, 480) = 480.
    expect([poses[0]!.width, poses[0]!.height]).toEqual([90, 100]);
    expect(poses[0]!.keypoints[0]).toEqual([-5, 30, 2]);
  });

  it('uses the image as canvas in image mode, even when images come after annotations', async () => {
    const doc = { annotations: [ann(7)], categories: [person], images: [image] };
    const { poses } = await read(doc, { canvas: 'image' });
    expect([poses[0]!.width, poses[0]!.height]).toEqual([640, 480]);
    expect(poses[0]!.keypoints[0]).toEqual([110.5, 60.25, 2]);
    expect(poses[0]!.box).toEqual([100.5, 50.25, 40, 80]);
  });

  it('reads categories placed after annotations (real COCO order) the same way', async () => {
    const first = await read({ images: [image], categories: [person], annotations: [ann(7)] });
    const last = await read({ images: [image], annotations: [ann(7)], categories: [person] });
    expect(last.poses).toEqual(first.poses);
  });

  it('refuses image mode when an annotation has no image entry, naming record and field', async () => {
    const error = await refusal(
      { images: [], annotations: [ann(7)], categories: [person] },
      { canvas: 'image' },
    );
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.details).toEqual({ file: 'test.json', record: '7', field: 'image_id' });
    // Crop mode does not need the image: no clipping, and the image id names the image.
    const { poses } = await read({ annotations: [ann(7)], categories: [person] });
    expect(poses[0]!.source.image).toBe('9');
  });

  it('keeps each image of our own export as the canvas', async () => {
    const doc = {
      info: { description: STUDIO_EXPORT_DESCRIPTION },
      categories: [person],
      annotations: [ann(7)],
      images: [image],
    };
    const { poses } = await read(doc);
    expect([poses[0]!.width, poses[0]!.height]).toEqual([640, 480]);
  });
});

describe('COCO skips and refusals', () => {
  const dog = { id: 2, name: 'dog', keypoints: ['nose'] };
  const doc = {
    images: [image],
    categories: [person, dog],
    annotations: [
      ann(1),
      ann(2, { iscrowd: 1 }),
      ann(3, { keypoints: new Array(51).fill(0) }),
      ann(4, { category_id: 2, keypoints: [1, 2, 2] }),
      ann(5, { iscrowd: true }),
    ],
  };

  it('counts crowd, no-keypoints and not-person', async () => {
    const { reader, poses } = await read(doc);
    expect(poses.map((p) => p.source.record)).toEqual(['1']);
    expect(reader.skipped).toEqual({ crowd: 2, 'no-keypoints': 1, 'not-person': 1 });
  });

  const broken: [string, Record<string, unknown>, string][] = [
    ['50 keypoint values', { keypoints: new Array(50).fill(0) }, 'keypoints'],
    ['54 keypoint values', { keypoints: new Array(54).fill(0) }, 'keypoints'],
    [
      'a string for a number',
      { keypoints: keypoints({ 0: [1, 2, 2] }).map((v, i) => (i === 0 ? '1' : v)) },
      'keypoints',
    ],
    ['visibility 3', { keypoints: keypoints({ 0: [1, 2, 3] }) }, 'keypoints'],
    ['a bbox of 3 numbers', { bbox: [1, 2, 3] }, 'bbox'],
    ['a negative bbox size', { bbox: [1, 2, -3, 4] }, 'bbox'],
  ];

  it.each(broken)('refuses %s with MALFORMED_FILE {file, record, field}', async (_, change, field) => {
    const error = await refusal({
      images: [image],
      categories: [person],
      annotations: [ann(1), ann(8, change)],
    });
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.details).toEqual({ file: 'test.json', record: '8', field });
    expect(error.message).toContain('test.json');
  });

  it('counts malformed records instead when asked to skip them', async () => {
    const annotations = [ann(1), ...broken.map(([, change], i) => ann(10 + i, change)), ann(2)];
    const { reader, poses } = await read(
      { images: [image], categories: [person], annotations },
      { skipMalformed: true },
    );
    expect(poses.map((p) => p.source.record)).toEqual(['1', '2']);
    expect(reader.skipped).toEqual({ malformed: broken.length });
  });

  it('refuses broken JSON with the byte offset', async () => {
    const text = '{"annotations": [1, 2,';
    const error = await openPoseFile(memoryBytes(text), 'notes.json', options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('MALFORMED_FILE');
    expect((error as StudioError).message).toContain('at byte 22');
  });
});

describe('COCO-style layouts', () => {
  it('reads a 14-keypoint file without names as CrowdPose and says so', async () => {
    const flat = Array.from({ length: 14 }, (_, i) => [10 + i, 20 + i, 2]).flat();
    const doc = { categories: [{ id: 1, name: 'person' }], annotations: [ann(1, { keypoints: flat })] };
    const { reader, poses } = await read(doc);
    expect(reader.warnings.join(' ')).toContain('CrowdPose-14');
    expect(poses[0]!.keypoints.filter((p) => p[2] > 0)).toHaveLength(12);
    expect(poses[0]!.keypoints[0]).toEqual([0, 0, 0]);
  });

  it('refuses an unknown keypoint count without names', async () => {
    const doc = { annotations: [ann(1, { keypoints: new Array(57).fill(1) })] };
    expect((await refusal(doc)).code).toBe('UNSUPPORTED_FORMAT');
  });
});

describe('COCO batches', () => {
  const many = {
    images: [image],
    categories: [person],
    annotations: Array.from({ length: 1203 }, (_, i) => ann(i)),
  };

  it('streams batches of 500 with growing byte counts', async () => {
    const reader = await openPoseFile(memoryBytes(JSON.stringify(many), 4096), 'big.json', options());
    const sizes: number[] = [];
    const bytes: number[] = [];
    for await (const batch of reader.batches()) {
      sizes.push(batch.poses.length);
      bytes.push(batch.bytesRead);
    }
    expect(sizes).toEqual([500, 500, 203]);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  });

  it('stops with CANCELLED when the signal fires', async () => {
    const reader = await openPoseFile(memoryBytes(JSON.stringify(many), 4096), 'big.json', options());
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const batch of reader.batches(controller.signal)) {
        seen.push(batch.poses.length);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toEqual([500]);
  });
});
