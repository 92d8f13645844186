/**
 * Integration: every shared pose fixture read with openPoseFile and the default options, with the
 * exact number of poses produced and skipped (by reason) per file; and the refusals
 * (MALFORMED_FILE with {file, record, field}, UNSUPPORTED_FORMAT) on files made here.
 *
 * The expected numbers were derived independently of the readers: a python3 pass over the JSON
 * (json.load; COCO family: iscrowd 1/true -> crowd, else a pose when a joint whose category name
 * is a COCO joint name (or, for Halpe-136 without names, one of the first 17) has v > 0, else
 * no-keypoints; OpenPose: BODY_25 for 75 values (the default layout) / OpenPose-18 for 54, a pose
 * when a COCO-mapped joint has confidence > 0; MPII: a pose when a COCO-mapped joint has
 * joints_vis 1), cross-checked with SOURCES.md's counts (e.g. COCO-MINI train: 172 annotations,
 * 86 with keypoints; Pose2Sim: 2 people in 99 frames and 3 in one, 201 poses).
 */
import { createReadStream, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PoseImportOptionsSchema, StudioError, type SkipCounts } from '../../src-main/contract';
import { openPoseFile, readAllPoses } from '../../src-main/core/pose/formats';
import { poseFixture, tempDir } from '../helpers/paths';

const defaults = PoseImportOptionsSchema.parse({});

async function readFixture(path: string) {
  const open = () => createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>;
  const reader = await openPoseFile(open, basename(path), defaults);
  const poses = await readAllPoses(reader);
  return { format: reader.format, poses: poses.length, skipped: reader.skipped };
}

type Expected = [file: string, format: string, poses: number, skipped: SkipCounts];

const expected: Expected[] = [
  ['coco/coco-mini_person_keypoints_train2017.json', 'coco', 86, { crowd: 5, 'no-keypoints': 81 }],
  ['coco/coco-mini_person_keypoints_val2017.json', 'coco', 68, { crowd: 1, 'no-keypoints': 49 }],
  ['coco/hrnet-manhph_val2017_subset_A.json', 'coco', 1354, { crowd: 49, 'no-keypoints': 810 }],
  ['coco/mmpose_test_coco.json', 'coco', 12, { 'no-keypoints': 2 }],
  ['openpose-editor/sd-webui-openpose-editor_pose_hand_fixed.json', 'controlnet', 1, {}],
  ['openpose-editor/sd-webui-openpose-editor_pose_normalized.json', 'controlnet', 1, {}],
  ['openpose/spin_im1010_openpose_body25.json', 'openpose', 1, {}],
  ...Array.from({ length: 12 }, (_, i): Expected => [
    `openpose/sith_body25_hand_face/${String(i).padStart(3, '0')}_keypoints.json`,
    'openpose',
    1,
    {},
  ]),
  ...Array.from({ length: 100 }, (_, i): Expected => [
    `openpose/pose2sim_body25b_cam01_sequence/cam01.${String(i).padStart(4, '0')}.json`,
    'openpose',
    i === 37 ? 3 : 2,
    {},
  ]),
  ['other/mmpose_test_aic.json', 'coco', 9, {}],
  ['other/mmpose_test_coco_wholebody.json', 'coco', 12, { 'no-keypoints': 2 }],
  ['other/mmpose_test_crowdpose.json', 'coco', 4, { 'no-keypoints': 1 }],
  ['other/mmpose_test_exlpose.json', 'coco', 6, {}],
  ['other/mmpose_test_halpe.json', 'coco', 12, { 'no-keypoints': 2 }],
  ['other/mmpose_test_humanart.json', 'coco', 4, {}],
  ['other/mmpose_test_jhmdb_sub1.json', 'coco', 3, {}],
  ['other/mmpose_test_mhp.json', 'coco', 4, {}],
  ['other/mmpose_test_mpii.json', 'mpii', 5, {}],
  ['other/mmpose_test_ochuman.json', 'coco', 5, {}],
  ['other/mmpose_test_posetrack18_val.json', 'coco', 14, {}],
];

describe('every pose fixture, default options', () => {
  it('covers every file under fixtures/poses', () => {
    const listed = (dir: string): string[] =>
      readdirSync(poseFixture(dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? listed(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
      );
    const all = ['coco', 'openpose', 'openpose-editor', 'other'].flatMap(listed).sort();
    expect(all).toEqual(expected.map(([file]) => file).sort());
  });

  it.each(expected)('%s: %s, %i poses, skipped %o', async (file, format, poses, skipped) => {
    expect(await readFixture(poseFixture(file))).toEqual({ format, poses, skipped });
  });

  it('totals 201 Pose2Sim poses and 1,520 COCO poses with keypoints (with overlaps between files)', () => {
    const sum = (prefix: string) =>
      expected.filter(([file]) => file.startsWith(prefix)).reduce((n, [, , poses]) => n + poses, 0);
    expect(sum('openpose/pose2sim')).toBe(201);
    expect(sum('coco/')).toBe(86 + 68 + 1354 + 12);
  });
});

describe('refusals', () => {
  const dir = tempDir('pose-fixtures-');

  async function refusal(name: string, content: string): Promise<StudioError> {
    const path = join(dir, name);
    writeFileSync(path, content);
    try {
      await readFixture(path);
    } catch (error) {
      if (error instanceof StudioError) return error;
      throw error;
    }
    throw new Error(`${name} was not refused`);
  }

  const cocoWith = (keypoints: unknown[]) =>
    JSON.stringify({
      images: [{ id: 1, width: 640, height: 480, file_name: 'a.jpg' }],
      categories: [{ id: 1, name: 'person', keypoints: [], skeleton: [] }],
      annotations: [
        {
          id: 7,
          image_id: 1,
          category_id: 1,
          iscrowd: 0,
          bbox: [1, 1, 50, 90],
          keypoints: new Array(51).fill(2),
        },
        { id: 8, image_id: 1, category_id: 1, iscrowd: 0, bbox: [1, 1, 50, 90], keypoints },
      ],
    });

  it('refuses bad JSON with MALFORMED_FILE and the byte offset', async () => {
    const error = await refusal('truncated.json', '{"annotations": [1, 2,');
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.details).toMatchObject({ file: 'truncated.json', record: null, field: null, offset: 22 });
    expect(error.message).toContain('truncated.json');
    expect((await refusal('open.json', '[')).code).toBe('MALFORMED_FILE');
  });

  it('refuses a COCO annotation with 50 keypoint values, naming file, record and field', async () => {
    const error = await refusal('fifty.json', cocoWith(new Array(50).fill(1)));
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.details).toEqual({ file: 'fifty.json', record: '8', field: 'keypoints' });
    expect(error.message).toContain('fifty.json');
  });

  it('refuses a string where a number should be', async () => {
    const keypoints = new Array<unknown>(51).fill(2);
    keypoints[3] = '12';
    const error = await refusal('string.json', cocoWith(keypoints));
    expect(error.code).toBe('MALFORMED_FILE');
    expect(error.details).toEqual({ file: 'string.json', record: '8', field: 'keypoints' });
    const openpose = JSON.stringify({
      version: 1.3,
      people: [{ pose_keypoints_2d: ['1', ...new Array(53).fill(1)] }],
    });
    expect((await refusal('op.json', openpose)).details).toEqual({
      file: 'op.json',
      record: '0',
      field: 'pose_keypoints_2d',
    });
  });

  it('refuses a file in no known format with UNSUPPORTED_FORMAT', async () => {
    for (const [name, content] of [
      ['unknown.json', JSON.stringify({ hello: 'world' })],
      ['list.json', JSON.stringify([{ name: 'x' }])],
      ['text.json', 'not json at all'],
    ]) {
      const error = await refusal(name!, content!);
      expect(error.code).toBe('UNSUPPORTED_FORMAT');
      expect(error.message).toContain(name);
    }
  });
});
