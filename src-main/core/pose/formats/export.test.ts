import { describe, expect, it } from 'vitest';
import { unzipEntries } from '../../shared/unzip';
import type { Keypoint } from '../types';
import { exportChunks, type ExportPose } from './export';

const blank = (): Keypoint[] => Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);

function examplePose(id: number, box: ExportPose['box'] = null): ExportPose {
  const keypoints = blank();
  keypoints[0] = [50.5, 20, 2];
  keypoints[5] = [60, 40, 1];
  keypoints[6] = [40, 40, 2];
  return { id, width: 100, height: 200, keypoints, box };
}

function text(chunks: Iterable<string | Uint8Array>): string {
  return [...chunks].map((c) => (typeof c === 'string' ? c : new TextDecoder().decode(c))).join('');
}

function bytes(chunks: Iterable<string | Uint8Array>): Uint8Array {
  const parts = [...chunks].map((c) => (typeof c === 'string' ? new TextEncoder().encode(c) : c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('COCO export', () => {
  const doc = JSON.parse(text(exportChunks('coco', [examplePose(3, [1, 2, 30, 40]), examplePose(7)], 2))) as {
    info: { description: string };
    categories: { keypoints: string[]; skeleton: number[][] }[];
    annotations: Record<string, unknown>[];
    images: Record<string, unknown>[];
  };

  it('writes the person category with names and a 1-based skeleton', () => {
    expect(doc.info.description).toBe('Pose Studio export');
    expect(doc.categories[0]!.keypoints).toHaveLength(17);
    expect(doc.categories[0]!.skeleton[0]).toEqual([16, 14]);
    expect(Math.min(...doc.categories[0]!.skeleton.flat())).toBe(1);
  });

  it('writes one annotation and one canvas-sized image per pose', () => {
    expect(doc.annotations[0]).toMatchObject({
      id: 3,
      image_id: 3,
      category_id: 1,
      iscrowd: 0,
      num_keypoints: 3,
    });
    expect(doc.annotations[0]!.bbox).toEqual([1, 2, 30, 40]);
    expect(doc.annotations[0]!.area).toBe(1200);
    expect(doc.annotations[1]!.bbox).toEqual([40, 20, 20, 20]); // keypoint box when the pose has none
    expect((doc.annotations[0]!.keypoints as number[]).slice(0, 6)).toEqual([50.5, 20, 2, 0, 0, 0]);
    expect(doc.images).toEqual([
      { id: 3, file_name: 'pose-3.png', width: 100, height: 200 },
      { id: 7, file_name: 'pose-7.png', width: 100, height: 200 },
    ]);
  });

  it('streams many poses in a few large chunks', () => {
    const poses = Array.from({ length: 3000 }, (_, i) => examplePose(i + 1));
    const chunks = [...exportChunks('coco', poses, poses.length)];
    expect(chunks.length).toBeLessThan(20);
    expect((JSON.parse(text(chunks)) as { annotations: unknown[] }).annotations).toHaveLength(3000);
  });
});

describe('OpenPose export', () => {
  it('writes one COCO-18 frame with confidences, the neck and the canvas', () => {
    const frame = JSON.parse(text(exportChunks('openpose', [examplePose(1)], 1))) as {
      version: number;
      people: { person_id: number[]; pose_keypoints_2d: number[]; face_keypoints_2d: number[] }[];
      canvas_width: number;
      canvas_height: number;
    };
    expect(frame.version).toBe(1.3);
    expect(frame).toMatchObject({ canvas_width: 100, canvas_height: 200 });
    const values = frame.people[0]!.pose_keypoints_2d;
    expect(values).toHaveLength(54);
    expect(values.slice(0, 3)).toEqual([50.5, 20, 1]); // nose, visible
    expect(values.slice(3, 6)).toEqual([50, 40, 0.25]); // neck: mid-shoulders, the lower visibility
    expect(values.slice(6, 9)).toEqual([40, 40, 1]); // right shoulder
    expect(values.slice(15, 18)).toEqual([60, 40, 0.25]); // left shoulder, occluded
    expect(values.slice(9, 12)).toEqual([0, 0, 0]);
    expect(frame.people[0]!.person_id).toEqual([-1]);
    expect(frame.people[0]!.face_keypoints_2d).toEqual([]);
  });

  it('zips one frame file per pose when there are several', async () => {
    const zip = bytes(exportChunks('openpose', [examplePose(4), examplePose(9)], 2));
    const names: string[] = [];
    async function* once() {
      yield zip;
    }
    for await (const entry of unzipEntries(once())) {
      names.push(entry.name);
      expect(JSON.parse(new TextDecoder().decode(entry.data))).toMatchObject({ canvas_width: 100 });
    }
    expect(names).toEqual(['pose_4_keypoints.json', 'pose_9_keypoints.json']);
  });
});

describe('ControlNet export', () => {
  it('writes a single object for one pose and an array of frames for several', () => {
    const one = JSON.parse(text(exportChunks('controlnet', [examplePose(1)], 1))) as Record<string, unknown>;
    expect(one).toMatchObject({ canvas_width: 100, canvas_height: 200 });
    expect(Object.keys(one)).not.toContain('version');
    const many = JSON.parse(
      text(exportChunks('controlnet', [examplePose(1), examplePose(2)], 2)),
    ) as unknown[];
    expect(many).toHaveLength(2);
    expect(many[1]).toMatchObject({ canvas_width: 100 });
  });
});
