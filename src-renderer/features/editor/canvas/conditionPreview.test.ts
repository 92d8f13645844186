import { describe, expect, it } from 'vitest';
import { conditionMapForPose, renderConditionMap } from '../../../../src-main/core/generate/conditionMap';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { EditorStore } from '../model/editorStore';
import { previewChanged, previewInput, previewPixels, previewSize } from './conditionPreview';

const standing = loadPresets()[0]!;

/** Byte equality without a deep-equal diff of a megabyte (which takes seconds). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

describe('condition preview input', () => {
  it('scales the longer side to maxSize and keeps the aspect', () => {
    expect(previewSize(1024, 512, 512)).toEqual({ width: 512, height: 256 });
    expect(previewSize(300, 600, 256)).toEqual({ width: 128, height: 256 });
    expect(previewSize(3000, 1, 512)).toEqual({ width: 512, height: 1 });
  });

  it('is the generators own condition map at that size', () => {
    const state = { width: 512, height: 512, keypoints: standing.keypoints };
    const input = previewInput(state, 512);
    const pixels = previewPixels(input);
    expect(pixels.length).toBe(512 * 512 * 4);
    expect(sameBytes(pixels, renderConditionMap(standing.keypoints, 512, 512))).toBe(true);
    expect(pixels.some((value, i) => i % 4 !== 3 && value > 0)).toBe(true); // not all black
    const small = previewInput(state, 200);
    const expected = conditionMapForPose(
      { width: 512, height: 512, keypoints: standing.keypoints.slice() },
      200,
      200,
    );
    expect(sameBytes(previewPixels(small), expected)).toBe(true);
  });

  it('copies the keypoints so later edits cannot change a queued preview', () => {
    const keypoints = standing.keypoints.map((p) => [...p] as typeof p);
    const input = previewInput({ width: 512, height: 512, keypoints }, 512);
    keypoints[0]![0] = -999;
    expect(input.pose.keypoints[0]![0]).not.toBe(-999);
  });

  it('changes with the pose, not with selection or hover', () => {
    const store = new EditorStore({ width: 512, height: 512, keypoints: standing.keypoints });
    const first = store.getState();
    store.patch({ selection: [3], hover: 4 });
    expect(previewChanged(first, store.getState())).toBe(false);
    store.commitPose(
      'move',
      standing.keypoints.map(([x, y, v]) => [x + 1, y, v]),
    );
    expect(previewChanged(first, store.getState())).toBe(true);
    expect(previewChanged(null, first)).toBe(true);
  });
});
