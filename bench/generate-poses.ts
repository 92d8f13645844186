/**
 * @file Real poses for the generator sheet and benchmark: COCO val2017 (mini) people with at
 * least `minLabeled` labelled keypoints, cropped to their box by the real importer (default
 * options: crop with margin 0.25), plus the openpose-editor fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoseImportOptionsSchema } from '../src-main/contract';
import type { GeneratorPose } from '../src-main/core/generate/types';
import { memoryBytes, openPoseFile, readAllPoses } from '../src-main/core/pose/formats';

export const FIXTURES = join(__dirname, '..', '..', 'shared', 'fixtures', 'poses');

async function load(file: string): Promise<GeneratorPose[]> {
  const bytes = readFileSync(file);
  const reader = await openPoseFile(memoryBytes(bytes), file, PoseImportOptionsSchema.parse({}));
  const poses = await readAllPoses(reader);
  return poses.map((p) => ({ width: p.width, height: p.height, keypoints: p.keypoints }));
}

export async function cocoPoses(minLabeled = 14): Promise<GeneratorPose[]> {
  const poses = await load(join(FIXTURES, 'coco', 'coco-mini_person_keypoints_val2017.json'));
  return poses.filter((p) => p.keypoints.filter((k) => k[2] > 0).length >= minLabeled);
}

export async function editorPoses(): Promise<GeneratorPose[]> {
  return load(join(FIXTURES, 'openpose-editor', 'sd-webui-openpose-editor_pose_hand_fixed.json'));
}
