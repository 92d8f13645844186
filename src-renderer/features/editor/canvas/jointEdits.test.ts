import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { PoseEditor } from '../model/poseEditor';
import { bodyMidline } from '../model/symmetry';
import type { Keypoint } from '../model/types';
import {
  SET_POSITION_LABEL,
  commonVisibility,
  formatCoordinate,
  parseCoordinate,
  setJointPosition,
} from './jointEdits';

const standing = loadPresets()[0]!;
const editorFor = (keypoints: readonly Keypoint[] = standing.keypoints) =>
  new PoseEditor({ width: 512, height: 512, keypoints });

describe('setJointPosition', () => {
  it('moves exactly one joint as one undo step', () => {
    const editor = editorFor();
    const before = editor.state.keypoints;
    expect(setJointPosition(editor, 9, 123.25, 301)).toBe(true);
    expect(editor.state.keypoints[9]).toEqual([123.25, 301, before[9]![2]]);
    const changed = editor.state.keypoints.filter((p, i) => p.some((value, k) => value !== before[i]![k]));
    expect(changed).toHaveLength(1);
    expect(editor.state.undoLabel).toBe(SET_POSITION_LABEL);
    editor.undo();
    expect(editor.state.keypoints).toEqual(before);
    expect(editor.state.canUndo).toBe(false);
  });

  it('mirrors the partner in symmetric mode, about the midline before the edit', () => {
    const editor = editorFor();
    editor.toggle('symmetric');
    const midline = bodyMidline(editor.state.keypoints, 512);
    setJointPosition(editor, 9, 100, 200);
    const [rx, ry] = editor.state.keypoints[10]!;
    expect(rx).toBeCloseTo(2 * midline - 100);
    expect(ry).toBe(200);
    editor.undo();
    expect(editor.state.keypoints).toEqual(standing.keypoints);
  });

  it('refuses unlabeled joints, non-numbers, no-ops and edits during a drag', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[3] = [0, 0, 0];
    const editor = editorFor(keypoints);
    expect(setJointPosition(editor, 3, 10, 10)).toBe(false);
    expect(setJointPosition(editor, 9, Number.NaN, 10)).toBe(false);
    const [x, y] = editor.state.keypoints[9]!;
    expect(setJointPosition(editor, 9, x, y)).toBe(false);
    editor.pointerDown({ x, y });
    expect(setJointPosition(editor, 9, 1, 1)).toBe(false);
    editor.pointerUp();
    expect(editor.state.canUndo).toBe(false);
  });
});

describe('panel helpers', () => {
  it('finds the common visibility of a selection', () => {
    const keypoints: Keypoint[] = [
      [1, 1, 2],
      [2, 2, 2],
      [3, 3, 1],
      [0, 0, 0],
    ];
    expect(commonVisibility(keypoints, [0, 1])).toBe(2);
    expect(commonVisibility(keypoints, [0, 2])).toBe('mixed');
    expect(commonVisibility(keypoints, [3])).toBe(0);
    expect(commonVisibility(keypoints, [])).toBeNull();
  });

  it('formats to two decimals and parses only numbers', () => {
    expect(formatCoordinate(12.3456)).toBe('12.35');
    expect(formatCoordinate(40)).toBe('40');
    expect(parseCoordinate(' 7.5 ')).toBe(7.5);
    expect(parseCoordinate('-3')).toBe(-3);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate('abc')).toBeNull();
  });
});
