import { describe, expect, it } from 'vitest';
import { PoseImportOptionsSchema, StudioError, type PoseImportOptions } from '../../../contract';
import { LAYOUTS } from '../skeleton';
import { memoryBytes, openPoseFile, readAllPoses } from './index';

const options = (overrides: Partial<PoseImportOptions> = {}) => PoseImportOptionsSchema.parse(overrides);

async function read(doc: unknown, opts: Partial<PoseImportOptions> = {}) {
  const reader = await openPoseFile(memoryBytes(JSON.stringify(doc), 23), 'frame.json', options(opts));
  return { reader, poses: await readAllPoses(reader) };
}

/** OpenPose-18 values with the given [x, y, c] per OpenPose index. */
function op18(points: Record<number, [number, number, number]>): number[] {
  const flat = new Array<number>(54).fill(0);
  for (const [i, p] of Object.entries(points)) flat.splice(Number(i) * 3, 3, ...p);
  return flat;
}

/** A BODY_25-shaped person: nose at the top, neck and shoulders well below it. */
function body25Person(): number[] {
  const flat = new Array<number>(75).fill(0);
  const set = (i: number, x: number, y: number) => flat.splice(i * 3, 3, x, y, 0.9);
  set(0, 100, 50); // nose
  set(1, 100, 90); // neck
  set(2, 80, 90); // right shoulder
  set(5, 120, 90); // left shoulder
  set(8, 100, 200); // mid hip
  set(11, 90, 330); // right ankle
  return flat;
}

/** The same numbers laid out as BODY_25B would put a person: eyes right next to the nose. */
function body25bPerson(): number[] {
  const flat = new Array<number>(75).fill(0);
  const set = (i: number, x: number, y: number) => flat.splice(i * 3, 3, x, y, 0.9);
  set(0, 100, 50); // nose
  set(1, 104, 46); // left eye
  set(2, 96, 46); // right eye
  set(5, 120, 90); // left shoulder
  set(16, 90, 330); // right ankle
  return flat;
}

describe('OpenPose frames', () => {
  it('maps COCO-18 confidences to visibility and crops around the keypoints', async () => {
    const values = op18({
      0: [100, 50, 0.9],
      1: [100, 90, 1],
      2: [80, 90, 0.2],
      5: [120, 90, 0.3],
      3: [1, 1, 0],
    });
    const { reader, poses } = await read({ version: 1.3, people: [{ pose_keypoints_2d: values }] });
    expect(reader.format).toBe('openpose');
    const [pose] = poses;
    // Box x 80..120, y 50..90 (40 x 40), margin 10 per side: origin (70, 40), size 60 x 60.
    expect([pose!.width, pose!.height]).toEqual([60, 60]);
    expect(pose!.keypoints[0]).toEqual([30, 10, 2]);
    expect(pose!.keypoints[6]).toEqual([10, 50, 1]); // right shoulder, c 0.2 < 0.3
    expect(pose!.keypoints[5]).toEqual([50, 50, 2]); // left shoulder, c 0.3
    expect(pose!.keypoints[8]).toEqual([0, 0, 0]); // right elbow, c 0
    expect(pose!.source).toEqual({ format: 'openpose', file: 'frame.json', record: '0', image: null });
    expect(pose!.box).toBeNull();
  });

  it('uses canvas_width/height when the file has them', async () => {
    const doc = {
      version: 1.3,
      people: [{ pose_keypoints_2d: op18({ 0: [100, 50, 1] }) }],
      canvas_width: 640,
      canvas_height: 480,
    };
    const { reader, poses } = await read(doc);
    expect(reader.format).toBe('openpose');
    expect(poses[0]).toMatchObject({ width: 640, height: 480 });
    expect(poses[0]!.keypoints[0]).toEqual([100, 50, 2]);
  });

  it('reads the old pose_keypoints key and counts empty people', async () => {
    const doc = {
      version: 1.0,
      people: [
        { pose_keypoints: op18({ 0: [5, 5, 1] }) },
        { pose_keypoints_2d: [] },
        { pose_keypoints_2d: op18({}) },
      ],
    };
    const { reader, poses } = await read(doc);
    expect(poses.map((p) => p.source.record)).toEqual(['0']);
    expect(reader.skipped).toEqual({ 'no-keypoints': 2 });
  });

  it('picks BODY_25 for 75 values and warns how to choose BODY_25B', async () => {
    const { reader, poses } = await read({ version: 1.3, people: [{ pose_keypoints_2d: body25Person() }] });
    expect(reader.warnings).toHaveLength(1);
    expect(reader.warnings[0]).toContain('body25b');
    expect(reader.warnings[0]).not.toContain('suggests BODY_25B');
    expect(poses[0]!.keypoints.filter((p) => p[2] > 0)).toHaveLength(4); // nose, shoulders, ankle
  });

  it('says when the geometry suggests BODY_25B, and reads BODY_25B when told to', async () => {
    const doc = { version: 1.3, people: [{ pose_keypoints_2d: body25bPerson() }] };
    expect((await read(doc)).reader.warnings[0]).toContain('suggests BODY_25B');
    const { reader, poses } = await read(doc, { openposeLayout: 'body25b' });
    expect(reader.warnings).toEqual([]);
    const labeled = poses[0]!.keypoints.flatMap((p, i) => (p[2] > 0 ? [i] : []));
    expect(labeled).toEqual([0, 1, 2, 5, 16]);
    expect(LAYOUTS.body25b.toCoco[1]).toBe(1);
  });

  it('guesses an image canvas in image mode, with a warning', async () => {
    const doc = {
      version: 1.3,
      people: [{ pose_keypoints_2d: op18({ 0: [100, 50, 1], 10: [140, 250, 1] }) }],
    };
    const { reader, poses } = await read(doc, { canvas: 'image' });
    expect([poses[0]!.width, poses[0]!.height]).toEqual([150, 300]);
    expect(poses[0]!.keypoints[0]).toEqual([100, 50, 2]);
    expect(reader.warnings.join(' ')).toContain('image size');
  });

  it('refuses a body array of the wrong length naming the person', async () => {
    const doc = {
      version: 1.3,
      people: [{ pose_keypoints_2d: op18({ 0: [1, 1, 1] }) }, { pose_keypoints_2d: [1, 2, 3, 4] }],
    };
    const error = await read(doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).details).toEqual({
      file: 'frame.json',
      record: '1',
      field: 'pose_keypoints_2d',
    });
  });
});

describe('ControlNet / openpose-editor JSON', () => {
  it('scales normalised coordinates by the canvas and treats -1,-1 as missing', async () => {
    const values = op18({ 0: [0.5, 0.25, 1], 2: [-1, -1, 1], 5: [1, 1, 1] });
    const doc = {
      people: [{ pose_keypoints_2d: values, face_keypoints_2d: null }],
      canvas_width: 768,
      canvas_height: 512,
    };
    const { reader, poses } = await read(doc);
    expect(reader.format).toBe('controlnet');
    expect(poses[0]).toMatchObject({ width: 768, height: 512 });
    expect(poses[0]!.keypoints[0]).toEqual([384, 128, 2]);
    expect(poses[0]!.keypoints[6]).toEqual([0, 0, 0]);
    expect(poses[0]!.keypoints[5]).toEqual([768, 512, 2]);
  });

  it('reads an array of frames (ComfyUI) with frame:person records, ignoring extra points', async () => {
    const frame = (x: number) => ({
      people: [
        { pose_keypoints_2d: [...op18({ 0: [x, 40, 1] }), 1, 2, 3] },
        { pose_keypoints_2d: op18({ 5: [x, 60, 1] }) },
      ],
      canvas_width: 200,
      canvas_height: 100,
    });
    const { reader, poses } = await read([frame(10), frame(20)]);
    expect(reader.format).toBe('controlnet');
    expect(poses.map((p) => p.source.record)).toEqual(['0:0', '0:1', '1:0', '1:1']);
    expect(poses[2]!.keypoints[0]).toEqual([20, 40, 2]);
  });
});
