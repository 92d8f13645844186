import { describe, expect, it } from 'vitest';
import { cocoJointForName, resolveCocoLayout } from './layouts';
import { COCO_KEYPOINT_NAMES } from './skeleton';

describe('cocoJointForName', () => {
  it('understands the spellings datasets use', () => {
    expect(cocoJointForName('Right Shoulder')).toBe('right_shoulder');
    expect(cocoJointForName('Left-ankle')).toBe('left_ankle');
    expect(cocoJointForName('r_wrist')).toBe('right_wrist');
    expect(cocoJointForName('LElbow')).toBe('left_elbow');
    expect(cocoJointForName('head_top')).toBeNull();
    expect(cocoJointForName('Neck')).toBeNull();
  });
});

describe('resolveCocoLayout', () => {
  it('takes plain COCO-17 without a warning', () => {
    expect(resolveCocoLayout([...COCO_KEYPOINT_NAMES], 17)).toMatchObject({
      label: 'COCO-17',
      warning: null,
    });
    expect(resolveCocoLayout(null, 17)).toMatchObject({ label: 'COCO-17', warning: null });
  });

  it('tells AI Challenger from CrowdPose by their names', () => {
    const aic = ['Right Shoulder', 'Right Elbow', 'Right Wrist', 'Left Shoulder', 'Left Elbow', 'Left Wrist'];
    const names = [
      ...aic,
      'Right Hip',
      'Right Knee',
      'Right Ankle',
      'Left Hip',
      'Left Knee',
      'Left Ankle',
      'Head top',
      'Neck',
    ];
    const layout = resolveCocoLayout(names, 14)!;
    expect(layout.label).toBe('AI Challenger-14');
    expect(layout.toCoco[0]).toBe(6);
    expect(layout.warning).toContain('AI Challenger-14');
    const crowd = resolveCocoLayout([...COCO_KEYPOINT_NAMES.slice(5), 'head', 'neck'], 14)!;
    expect(crowd.label).toBe('CrowdPose-14');
    expect(crowd.toCoco[0]).toBe(5);
  });

  it('falls back to the count, warning where 14 joints are ambiguous', () => {
    expect(resolveCocoLayout([], 136)).toMatchObject({ label: 'Halpe-136', count: 136 });
    expect(resolveCocoLayout(null, 14)!.warning).toContain('AI Challenger');
    expect(resolveCocoLayout(null, 19)).toBeNull();
  });

  it('uses the first names when the category lists more than annotations carry (Human-Art)', () => {
    const names = [...COCO_KEYPOINT_NAMES, 'left_finger', 'right_finger', 'left_toe', 'right_toe'];
    const layout = resolveCocoLayout(names, 17)!;
    expect(layout.count).toBe(17);
    expect(layout.toCoco).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(layout.warning).toContain('21 keypoint names');
  });

  it('maps any named layout by name', () => {
    const layout = resolveCocoLayout(['pelvis', 'nose', 'left_wrist'], 3)!;
    expect(layout.toCoco).toEqual([null, 0, 9]);
    expect(layout.warning).toContain('2 of 3');
  });
});
