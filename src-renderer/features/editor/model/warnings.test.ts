import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { limbLengthWarnings, outsideCanvasWarnings, poseWarnings } from './warnings';
import { cloneKeypoints } from './types';

const presets = loadPresets();
const standing = presets.find((preset) => preset.name === 'standing-front')!;

describe('pose warnings', () => {
  it('finds nothing implausible in any shipped preset (side views included)', () => {
    for (const preset of presets)
      expect(poseWarnings(preset.keypoints, preset.width, preset.height), preset.name).toEqual([]);
  });

  it('flags a forearm stretched far beyond the rest of the body', () => {
    const keypoints = cloneKeypoints(standing.keypoints);
    const [ex, ey] = keypoints[7]!;
    keypoints[9] = [ex, ey + 200, 2];
    const warnings = limbLengthWarnings(keypoints);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'limbLength', bone: [7, 9] });
    expect(warnings[0]!.message).toContain('too long');
  });

  it('flags two joints stacked on each other but not a narrow side view', () => {
    const keypoints = cloneKeypoints(standing.keypoints);
    keypoints[15] = [keypoints[13]![0], keypoints[13]![1], 2];
    expect(limbLengthWarnings(keypoints).map((w) => w.kind === 'limbLength' && w.bone)).toEqual([[13, 15]]);
  });

  it('does not judge lengths with too few limbs labeled and is independent of size', () => {
    const few = standing.keypoints.map((point, i) => (i === 7 || i === 9 || i === 5 ? point : [0, 0, 0]));
    expect(limbLengthWarnings(few as typeof standing.keypoints)).toEqual([]);
    const big = standing.keypoints.map(([x, y, v]) => [x * 10, y * 10, v] as (typeof standing.keypoints)[0]);
    expect(limbLengthWarnings(big)).toEqual([]);
  });

  it('flags labeled joints outside the canvas only', () => {
    const keypoints = cloneKeypoints(standing.keypoints);
    keypoints[10] = [-1, 50, 1];
    keypoints[9] = [600, 50, 0];
    expect(outsideCanvasWarnings(keypoints, 512, 512)).toEqual([
      { kind: 'outsideCanvas', joint: 10, message: 'right wrist lies outside the canvas' },
    ]);
  });
});
