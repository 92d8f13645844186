import { describe, expect, it } from 'vitest';
import { renderConditionMap } from '../../../../src-main/core/generate/conditionMap';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { EditorStore } from '../model/editorStore';
import type { Keypoint } from '../model/types';
import { toScreen } from '../model/viewport';
import {
  COCO_TO_OPENPOSE,
  JOINT_RADIUS,
  isOutside,
  jointColor,
  jointLabel,
  jointName,
  jointStyle,
  limbStyle,
  ringStyle,
  skeletonScene,
} from './skeletonStyle';

const standing = loadPresets()[0]!;

function stateWith(
  keypoints: readonly Keypoint[],
  patch: { selection?: number[]; hover?: number | null } = {},
) {
  const store = new EditorStore({ width: 512, height: 512, keypoints });
  store.patch(patch);
  return store.getState();
}

describe('joint colours', () => {
  it('maps COCO joints to their OpenPose-18 index', () => {
    expect(COCO_TO_OPENPOSE[0]).toBe(0); // nose
    expect(COCO_TO_OPENPOSE[6]).toBe(2); // right shoulder
    expect(COCO_TO_OPENPOSE[5]).toBe(5); // left shoulder
    expect(COCO_TO_OPENPOSE[1]).toBe(15); // left eye
    expect(COCO_TO_OPENPOSE[16]).toBe(10); // right ankle
    expect(new Set(COCO_TO_OPENPOSE).size).toBe(17);
    expect(COCO_TO_OPENPOSE).not.toContain(1); // the neck is derived, no COCO joint has it
  });

  it('gives each joint the colour the condition map paints at its centre', () => {
    const map = renderConditionMap(standing.keypoints, standing.width, standing.height);
    for (const joint of [0, 5, 6, 9, 10, 15, 16]) {
      const [x, y] = standing.keypoints[joint]!;
      const at = (Math.trunc(y) * standing.width + Math.trunc(x)) * 4;
      const hex = `#${[map[at]!, map[at + 1]!, map[at + 2]!].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
      expect(jointColor(joint), `joint ${joint}`).toBe(hex);
    }
  });

  it('names joints for people', () => {
    expect(jointName(9)).toBe('left wrist');
    expect(jointName(0)).toBe('nose');
    expect(jointLabel(13)).toBe('Left knee');
  });
});

describe('joint style by visibility', () => {
  it('fills visible joints, draws occluded ones as dashed hollow rings and hides unlabeled ones', () => {
    const visible = jointStyle(2, '#ff0000', false);
    expect(visible).toMatchObject({ visible: true, fill: '#ff0000', dash: null, radius: JOINT_RADIUS });
    const occluded = jointStyle(1, '#ff0000', false);
    expect(occluded.visible).toBe(true);
    expect(occluded.fill).not.toBe('#ff0000');
    expect(occluded.stroke).toBe('#ff0000');
    expect(occluded.dash).not.toBeNull();
    expect(jointStyle(0, '#ff0000', false).visible).toBe(false);
  });

  it('draws a selected joint larger', () => {
    expect(jointStyle(2, '#fff', true).radius).toBeGreaterThan(jointStyle(2, '#fff', false).radius);
  });

  it('rings selected joints solidly, hovered ones faintly, never unlabeled ones', () => {
    expect(ringStyle(true, false, false).visible).toBe(false);
    const selected = ringStyle(true, true, false);
    const hovered = ringStyle(true, false, true);
    expect(selected.visible && hovered.visible).toBe(true);
    expect(selected.opacity).toBeGreaterThan(hovered.opacity);
    expect(ringStyle(false, true, true).visible).toBe(false);
  });

  it('dashes limbs that touch an occluded joint and hides those missing a joint', () => {
    expect(limbStyle(2, 2)).toMatchObject({ visible: true, dash: null });
    expect(limbStyle(2, 1).dash).not.toBeNull();
    expect(limbStyle(2, 1).opacity).toBeLessThan(limbStyle(2, 2).opacity);
    expect(limbStyle(0, 2).visible).toBe(false);
  });

  it('flags labeled joints outside the canvas only', () => {
    expect(isOutside([-1, 10, 2], 100, 100)).toBe(true);
    expect(isOutside([50, 101, 1], 100, 100)).toBe(true);
    expect(isOutside([100, 100, 2], 100, 100)).toBe(false);
    expect(isOutside([-1, -1, 0], 100, 100)).toBe(false);
  });
});

describe('skeletonScene', () => {
  const viewport = { zoom: 2, panX: 30, panY: -10 };

  it('puts joints at their screen positions with selection, hover and outside flags', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[9] = [-20, 40, 2];
    keypoints[3] = [0, 0, 0];
    const scene = skeletonScene(stateWith(keypoints, { selection: [5, 9], hover: 7 }), viewport);
    expect(scene.joints).toHaveLength(17);
    const [x, y] = keypoints[7]!;
    expect(scene.joints[7]).toMatchObject({
      ...toScreen(viewport, { x, y }),
      hovered: true,
      selected: false,
    });
    expect(scene.joints[9]).toMatchObject({ x: -10, y: 70, selected: true, outside: true });
    expect(scene.joints[5]!.selected).toBe(true);
    expect(scene.joints[3]!.v).toBe(0);
  });

  it('derives the neck from the shoulders and drops limbs with a missing end', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[3] = [0, 0, 0]; // left ear: the limb left eye - left ear (OpenPose limb 16) goes
    const scene = skeletonScene(stateWith(keypoints), viewport);
    const ls = toScreen(viewport, { x: keypoints[5]![0], y: keypoints[5]![1] });
    const rs = toScreen(viewport, { x: keypoints[6]![0], y: keypoints[6]![1] });
    expect(scene.neck.x).toBeCloseTo((ls.x + rs.x) / 2);
    expect(scene.neck.y).toBeCloseTo((ls.y + rs.y) / 2);
    expect(scene.limbs).toHaveLength(17);
    expect(scene.limbs[0]!.points.slice(0, 2)).toEqual([scene.neck.x, scene.neck.y]); // neck - right shoulder
    expect(limbStyle(scene.limbs[16]!.a, scene.limbs[16]!.b).visible).toBe(false);
    expect(limbStyle(scene.limbs[14]!.a, scene.limbs[14]!.b).visible).toBe(true);
  });

  it('has no neck without both shoulders', () => {
    const keypoints = standing.keypoints.slice();
    keypoints[6] = [0, 0, 0];
    expect(skeletonScene(stateWith(keypoints), viewport).neck.v).toBe(0);
  });
});
