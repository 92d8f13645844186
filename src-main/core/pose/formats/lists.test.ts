import { describe, expect, it } from 'vitest';
import { PoseImportOptionsSchema, StudioError, type PoseImportOptions } from '../../../contract';
import { memoryBytes, openPoseFile, readAllPoses } from './index';

const options = (overrides: Partial<PoseImportOptions> = {}) => PoseImportOptionsSchema.parse(overrides);

async function read(doc: unknown, opts: Partial<PoseImportOptions> = {}) {
  const reader = await openPoseFile(memoryBytes(JSON.stringify(doc), 31), 'list.json', options(opts));
  return { reader, poses: await readAllPoses(reader) };
}

function triples(count: number, points: Record<number, [number, number, number]>): number[] {
  const flat = new Array<number>(count * 3).fill(0);
  for (const [i, p] of Object.entries(points)) flat.splice(Number(i) * 3, 3, ...p);
  return flat;
}

describe('AlphaPose results', () => {
  const result = (keypoints: number[], extra: Record<string, unknown> = {}) => ({
    image_id: '1.jpg',
    category_id: 1,
    keypoints,
    score: 2.5,
    box: [10, 20, 40, 80],
    idx: [0],
    ...extra,
  });

  it('reads Halpe-26 with confidences and crops around the box', async () => {
    const halpe = triples(26, { 0: [30, 30, 0.9], 5: [20, 60, 0.1], 18: [30, 50, 0.9], 6: [0, 0, 0] });
    const { reader, poses } = await read([
      result(halpe),
      result(triples(17, {})),
      result(halpe, { category_id: 2 }),
    ]);
    expect(reader.format).toBe('alphapose');
    expect(reader.skipped).toEqual({ 'no-keypoints': 1, 'not-person': 1 });
    expect(reader.warnings.join(' ')).toContain('Halpe-26');
    const [pose] = poses;
    // Box 10..50 x 20..100, margin 10 / 20: origin (0, 0), far edge (60, 120).
    expect([pose!.width, pose!.height]).toEqual([60, 120]);
    expect(pose!.keypoints[0]).toEqual([30, 30, 2]);
    expect(pose!.keypoints[5]).toEqual([20, 60, 1]);
    expect(pose!.keypoints.filter((p) => p[2] > 0)).toHaveLength(2);
    expect(pose!.source).toEqual({ format: 'alphapose', file: 'list.json', record: '0', image: '1.jpg' });
    expect(pose!.box).toEqual([10, 20, 40, 80]);
  });

  it('refuses keypoints of an unknown length naming the record', async () => {
    const error = await read([result(triples(17, { 0: [1, 1, 1] })), result([1, 2, 3])]).catch(
      (e: unknown) => e,
    );
    expect((error as StudioError).details).toEqual({ file: 'list.json', record: '1', field: 'keypoints' });
  });
});

describe('MPII JSON', () => {
  it('maps 16 joints to COCO-17, 1-based to 0-based, canvas from centre and scale', async () => {
    const joints = Array.from({ length: 16 }, (_, i) => [101 + i, 201 + i]);
    joints[9] = [-1, -1];
    const vis = new Array(16).fill(1);
    vis[0] = 0;
    const doc = [{ joints, joints_vis: vis, image: 'a.jpg', center: [111, 211], scale: 0.5 }];
    const { reader, poses } = await read(doc);
    expect(reader.format).toBe('mpii');
    const [pose] = poses;
    // Box: side 100 around (110, 210); margin 25 per side -> x 35..185, y 135..285: 150 x 150.
    expect([pose!.width, pose!.height]).toEqual([150, 150]);
    expect(pose!.keypoints[16]).toEqual([0, 0, 0]); // right ankle (MPII 0) not visible
    expect(pose!.keypoints[14]).toEqual([101 - 35, 201 - 135, 2]); // right knee (MPII 1)
    expect(pose!.keypoints[9]).toEqual([115 - 35, 215 - 135, 2]); // left wrist (MPII 15)
    expect(pose!.keypoints.filter((p) => p[2] > 0)).toHaveLength(11);
    expect(pose!.source).toMatchObject({ record: '0', image: 'a.jpg' });
  });
});

describe('format sniffing', () => {
  const refusal = async (text: string, opts: Partial<PoseImportOptions> = {}) => {
    const error = await openPoseFile(memoryBytes(text), 'x.json', options(opts)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  };

  it('refuses what is no pose format with UNSUPPORTED_FORMAT naming the file', async () => {
    for (const text of ['{"hello": "world"}', '[{"a": 1}]', '[]', '', 'plain text', '[1, 2]']) {
      const error = await refusal(text);
      expect(error.code).toBe('UNSUPPORTED_FORMAT');
      expect(error.message).toContain('x.json');
    }
  });

  it('refuses truncated JSON with MALFORMED_FILE', async () => {
    expect((await refusal('[')).code).toBe('MALFORMED_FILE');
    expect((await refusal('{"people": [')).code).toBe('MALFORMED_FILE');
  });

  it('refuses an explicit format that does not fit the file', async () => {
    expect((await refusal('{"annotations": []}', { format: 'openpose' })).code).toBe('UNSUPPORTED_FORMAT');
    expect((await refusal('[{"joints": []}]', { format: 'coco' })).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('tells ControlNet from OpenPose by the canvas and version keys', async () => {
    const people = [{ pose_keypoints_2d: [] }];
    const sniff = async (doc: unknown) =>
      (await openPoseFile(memoryBytes(JSON.stringify(doc)), 'x', options())).format;
    expect(await sniff({ people, canvas_width: 1, canvas_height: 1 })).toBe('controlnet');
    expect(await sniff({ version: 1.3, people, canvas_width: 1, canvas_height: 1 })).toBe('openpose');
    expect(await sniff({ version: 1.3, people })).toBe('openpose');
    expect(await sniff([{ people, canvas_width: 1, canvas_height: 1 }])).toBe('controlnet');
    expect(await sniff([{ image_id: 1, keypoints: [] }])).toBe('alphapose');
    expect(await sniff({ info: {}, images: [], annotations: [] })).toBe('coco');
  });
});
