import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { COCO_LIMBS } from '../../../../src-main/core/pose/skeleton';
import { memoryClipboard } from './poseOps';
import { bodyMidline } from './symmetry';
import { boneLength, jointIndex, maxDifference, TestPoseEditor } from './testing/TestPoseEditor';
import type { Keypoint } from './types';

const presets = loadPresets();
const standing = presets.find((p) => p.name === 'standing-front')!;
const make = (options: { mac?: boolean; keypoints?: readonly Keypoint[] } = {}) =>
  new TestPoseEditor({
    width: 512,
    height: 512,
    keypoints: options.keypoints ?? standing.keypoints,
    mac: options.mac ?? false,
    hitRadius: 5,
    preset: 'standing-front',
  });
const L_WRIST = jointIndex('left_wrist');
const L_ELBOW = jointIndex('left_elbow');

describe('dragging joints', () => {
  it('moves a joint, records the whole drag as one undo step, and redoes it', () => {
    const t = make();
    const start = t.at(L_WRIST);
    t.dragJoint(L_WRIST, 30, -12, { steps: 10 });
    expect(t.at(L_WRIST)).toEqual({ x: start.x + 30, y: start.y - 12 });
    expect(t.state).toMatchObject({ selection: [L_WRIST], dirty: true, undoLabel: 'Move joints' });
    expect(t.undo()).toBe(true);
    expect(t.keypoints).toEqual(standing.keypoints);
    expect(t.state.canUndo).toBe(false);
    expect(t.redo()).toBe(true);
    expect(t.at(L_WRIST)).toEqual({ x: start.x + 30, y: start.y - 12 });
  });

  it('Esc during a drag returns to where it started and records nothing', () => {
    const t = make();
    const { x, y } = t.at(L_WRIST);
    t.pointerDown(x, y).pointerMove(x + 50, y + 50);
    expect(t.at(L_WRIST).x).toBe(x + 50);
    expect(t.key('Escape')).toBe(true);
    expect(t.keypoints).toEqual(standing.keypoints);
    t.pointerMove(x + 80, y).pointerUp();
    expect(t.keypoints).toEqual(standing.keypoints);
    expect(t.state.canUndo).toBe(false);
    expect(t.state.dirty).toBe(false);
  });

  it('moves several selected joints together; shift-click toggles selection', () => {
    const t = make();
    t.click(L_WRIST).click(L_ELBOW, { shift: true });
    expect(t.state.selection).toEqual([L_ELBOW, L_WRIST]);
    t.dragJoint(L_ELBOW, -10, 20);
    expect(t.at(L_WRIST)).toEqual({
      x: standing.keypoints[L_WRIST]![0] - 10,
      y: standing.keypoints[L_WRIST]![1] + 20,
    });
    expect(t.at(L_ELBOW)).toEqual({
      x: standing.keypoints[L_ELBOW]![0] - 10,
      y: standing.keypoints[L_ELBOW]![1] + 20,
    });
    t.click(L_ELBOW, { shift: true });
    expect(t.state.selection).toEqual([L_WRIST]);
    t.pointerDown(5, 5).pointerUp();
    expect(t.state.selection).toEqual([]);
  });

  it('tracks hover without recording it and a click alone changes no pose', () => {
    const t = make();
    const { x, y } = t.at('nose');
    t.pointerMove(x + 1, y);
    expect(t.state.hover).toBe(0);
    t.pointerMove(5, 5);
    expect(t.state.hover).toBeNull();
    t.click('nose');
    expect(t.state.canUndo).toBe(false);
  });
});

describe('bone-length lock', () => {
  // Every COCO limb but ear–shoulder: those two links are not bones (they change when the head turns).
  const bones = COCO_LIMBS.filter(([a, b]) => !(a === 3 && b === 5) && !(a === 4 && b === 6));
  const lengths = (keypoints: readonly Keypoint[]) => bones.map(([a, b]) => boneLength(keypoints, a, b));

  it('rotates a limb about its parent with the subtree following rigidly', () => {
    const t = make();
    t.key('l');
    expect(t.state.boneLock).toBe(true);
    const before = lengths(t.keypoints);
    const shoulder = t.at('left_shoulder');
    // Many random drags of arms, legs and head joints, and of roots (which move the whole pose).
    const joints = [7, 9, 8, 10, 13, 15, 14, 16, 1, 3, 5, 12, 0];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let round = 0; round < 40; round += 1)
      t.dragJoint(joints[round % joints.length]!, random() * 150, random() * 150, { steps: 7 });
    const after = lengths(t.keypoints);
    before.forEach((length, i) =>
      expect(Math.abs(after[i]! - length) / length, `limb ${i}`).toBeLessThan(1e-6),
    );
    expect(t.at('left_shoulder')).not.toEqual(shoulder);
    expect(bones).toHaveLength(17);
  });

  it('keeps the elbow on its circle about the shoulder and is undone in one step', () => {
    const t = make();
    const radius = boneLength(t.keypoints, 5, 7);
    t.dragJoint(L_ELBOW, 60, -80, { alt: true });
    expect(boneLength(t.keypoints, 5, 7)).toBeCloseTo(radius, 9);
    expect(t.at('left_shoulder')).toEqual({ x: standing.keypoints[5]![0], y: standing.keypoints[5]![1] });
    expect(t.state.undoLabel).toBe('Rotate limb');
    t.undo();
    expect(t.keypoints).toEqual(standing.keypoints);
  });
});

describe('symmetric mode', () => {
  it('mirrors the partner of a dragged or rotated joint about the body midline', () => {
    const t = make();
    t.key('s');
    const mid = bodyMidline(t.keypoints, 512);
    const check = () => {
      for (const [left, right] of [
        [7, 8],
        [9, 10],
        [13, 14],
      ] as const) {
        expect(Math.abs(t.at(left).x + t.at(right).x - 2 * mid)).toBeLessThan(1e-9);
        expect(Math.abs(t.at(left).y - t.at(right).y)).toBeLessThan(1e-9);
      }
    };
    t.dragJoint(L_WRIST, 40, -90);
    check();
    t.dragJoint(jointIndex('right_knee'), -25, -30);
    check();
    t.dragJoint(L_ELBOW, 30, 60, { alt: true });
    check();
    t.undo();
    t.undo();
    t.undo();
    expect(maxDifference(t.keypoints, standing.keypoints)).toBe(0);
  });
});

describe('commands: effect, undo and redo', () => {
  type Case = {
    id: string;
    keys: () => [string, object?];
    setup?: (t: TestPoseEditor) => void;
    check: (t: TestPoseEditor) => void;
  };
  const cases: Case[] = [
    {
      id: 'joint.visible',
      setup: (t) => t.editor.setVisibility(1),
      keys: () => ['2'],
      check: (t) => expect(t.keypoints[L_WRIST]![2]).toBe(2),
    },
    { id: 'joint.occluded', keys: () => ['1'], check: (t) => expect(t.keypoints[L_WRIST]![2]).toBe(1) },
    {
      id: 'joint.unlabel',
      keys: () => ['Delete'],
      check: (t) => expect(t.keypoints[L_WRIST]).toEqual([0, 0, 0]),
    },
    {
      id: 'limb.flip',
      keys: () => ['f'],
      check: (t) => {
        expect(t.keypoints[5]).toEqual(standing.keypoints[6]);
        expect(t.keypoints[10]).toEqual(standing.keypoints[9]);
        expect(t.keypoints[11]).toEqual(standing.keypoints[11]);
      },
    },
    {
      id: 'pose.mirror',
      keys: () => ['m'],
      check: (t) => {
        const mid = bodyMidline(standing.keypoints, 512);
        expect(t.keypoints[9]![0]).toBeCloseTo(2 * mid - standing.keypoints[10]![0], 9);
      },
    },
    {
      id: 'pose.reset',
      setup: (t) => t.dragJoint(L_WRIST, 100, 0).click(L_WRIST),
      keys: () => ['R', { shift: true }],
      check: (t) => expect(t.keypoints).toEqual(standing.keypoints),
    },
    {
      id: 'edit.paste',
      setup: (t) => {
        t.modKey('c');
        t.dragJoint(L_WRIST, 50, 50).click(L_WRIST);
      },
      keys: () => ['v', { ctrl: true }],
      check: (t) => expect(t.keypoints).toEqual(standing.keypoints),
    },
  ];

  for (const c of cases)
    it(`${c.id} changes the pose and undoes and redoes exactly`, () => {
      const t = make();
      t.click(L_WRIST);
      c.setup?.(t);
      const before = t.keypoints;
      const [key, modifiers] = c.keys();
      expect(t.editor.commands.forKey({ key, ...modifiers }, false)?.id).toBe(c.id);
      expect(t.key(key, modifiers)).toBe(true);
      const after = t.keypoints;
      expect(maxDifference(after, before)).toBeGreaterThan(0);
      c.check(t);
      t.undo();
      expect(t.keypoints).toEqual(before);
      t.redo();
      expect(t.keypoints).toEqual(after);
    });

  it('joint.place arms placing for an unlabeled joint; the next click places it (undoable)', () => {
    const t = make();
    t.click(L_WRIST).key('0');
    expect(t.key('p')).toBe(true);
    expect(t.state.placing).toBe(L_WRIST);
    t.pointerDown(100, 120).pointerUp();
    expect(t.keypoints[L_WRIST]).toEqual([100, 120, 2]);
    expect(t.state).toMatchObject({ placing: null, selection: [L_WRIST] });
    t.undo();
    expect(t.keypoints[L_WRIST]).toEqual([0, 0, 0]);
    t.redo();
    expect(t.keypoints[L_WRIST]).toEqual([100, 120, 2]);
    expect(t.editor.commands.isEnabled('joint.place', t.editor)).toBe(false);
  });

  it('mode, selection and help commands change state but never history', () => {
    const t = make({ mac: true });
    t.key('s');
    t.key('l');
    t.key('?', { shift: true });
    t.modKey('a');
    expect(t.state).toMatchObject({ symmetric: true, boneLock: true, helpOpen: true });
    expect(t.state.selection).toHaveLength(17);
    t.key('Escape');
    expect(t.state.selection).toEqual([]);
    t.key('Escape');
    expect(t.state.helpOpen).toBe(false);
    expect(t.state.canUndo).toBe(false);
    expect(t.key('z', { ctrl: true })).toBe(false);
  });

  it('refuses selection commands with nothing selected and shares a clipboard across editors', () => {
    const clipboard = memoryClipboard();
    const a = new TestPoseEditor({ width: 512, height: 512, keypoints: standing.keypoints, clipboard });
    const b = new TestPoseEditor({ width: 256, height: 1024, keypoints: presets[1]!.keypoints, clipboard });
    expect(b.editor.commands.isEnabled('edit.paste', b.editor)).toBe(false);
    expect(a.key('1')).toBe(true);
    expect(a.state.canUndo).toBe(false);
    a.modKey('c');
    b.modKey('v');
    expect(b.keypoints[0]).toEqual([128, 220.6, 2]);
  });

  it('registers every command with a label, a group and conflict-free shortcuts', () => {
    const { commands } = make().editor;
    expect(commands.list().length).toBeGreaterThanOrEqual(15);
    for (const command of commands.list()) expect(command.label.length).toBeGreaterThan(0);
    expect(commands.conflicts(false)).toEqual([]);
    expect(commands.conflicts(true)).toEqual([]);
    expect(commands.helpSections(true).map((s) => s.group)).toEqual([
      'Edit',
      'Select',
      'Joint',
      'Pose',
      'Mode',
      'Help',
    ]);
  });
});

describe('warnings', () => {
  it('reports a stretched limb and a joint dragged off the canvas, cached per pose', () => {
    const t = make();
    expect(t.editor.warnings()).toEqual([]);
    t.dragJoint(L_WRIST, 0, 260);
    const warnings = t.editor.warnings();
    expect(warnings.map((w) => w.kind).sort()).toEqual(['limbLength', 'outsideCanvas']);
    expect(t.editor.warnings()).toBe(warnings);
  });
});
