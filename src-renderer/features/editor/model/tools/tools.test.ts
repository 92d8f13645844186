import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../../src-main/core/pose/presets';
import { TREE_BONES } from '../skeletonTree';
import { boneLength } from '../testing/TestPoseEditor';
import { translateTool } from './drag';
import { rotateTool } from './rotate';
import type { Keypoint } from '../types';

const standing = loadPresets()[0]!;
const start: readonly Keypoint[] = standing.keypoints;

describe('translateTool', () => {
  it('moves only labeled grabbed joints, from the start pose (no drift)', () => {
    const keypoints = start.map(([x, y, v], i): Keypoint => (i === 3 ? [0, 0, 0] : [x, y, v]));
    const tool = translateTool(keypoints, [3, 9], { x: 10, y: 10 });
    expect(tool.moved).toEqual([9]);
    for (let i = 0; i < 100; i += 1) tool.move({ x: 10 + i, y: 10 - i });
    const out = tool.move({ x: 15, y: 12 });
    expect(out[9]).toEqual([keypoints[9]![0] + 5, keypoints[9]![1] + 2, 2]);
    expect(out[3]).toEqual([0, 0, 0]);
    expect(tool.move({ x: 10, y: 10 })).toEqual(keypoints);
  });
});

describe('rotateTool', () => {
  it('turns the elbow subtree about the shoulder by the swept angle', () => {
    const [sx, sy] = start[5]!;
    const [ex, ey] = start[7]!;
    const tool = rotateTool(start, 7, { x: ex, y: ey });
    expect(tool.moved).toEqual([7, 9]);
    // Sweep a quarter turn around the shoulder: the elbow ends a quarter turn further.
    const out = tool.move({ x: sx - (ey - sy), y: sy + (ex - sx) });
    expect(out[7]![0]).toBeCloseTo(sx - (ey - sy), 9);
    expect(out[7]![1]).toBeCloseTo(sy + (ex - sx), 9);
    for (const [a, b] of TREE_BONES) expect(boneLength(out, a, b)).toBeCloseTo(boneLength(start, a, b), 9);
    expect(out[5]).toBe(start[5]);
  });

  it('turns the face rigidly about the neck and moves the whole pose from a root', () => {
    const face = rotateTool(start, 3, { x: start[3]![0], y: start[3]![1] });
    expect([face.label, face.moved]).toEqual(['Turn head', [0, 1, 2, 3, 4]]);
    const root = rotateTool(start, 11, { x: 0, y: 0 });
    expect(root.label).toBe('Move pose');
    const moved = root.move({ x: 3, y: -2 });
    moved.forEach(([x, y], i) => expect([x, y]).toEqual([start[i]![0] + 3, start[i]![1] - 2]));
  });
});
