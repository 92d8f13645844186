import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { memoryClipboard } from '../model/poseOps';
import { EditSession, resizeKeypoints } from './editSession';

const preset = loadPresets()[0]!;
const pose = { width: 512, height: 512, keypoints: preset.keypoints };

/** One undo step: the nose moves 5 px right. */
function nudge(s: EditSession): void {
  const kps = s.editor.state.keypoints.map(([x, y, v]): [number, number, 0 | 1 | 2] => [x, y, v]);
  kps[0] = [kps[0]![0] + 5, kps[0]![1], 2];
  s.editor.store.commitPose('Nudge', kps);
}

function session(saved = true) {
  return new EditSession(pose, saved ? pose : null, { mac: false, clipboard: memoryClipboard() });
}

describe('EditSession', () => {
  it('is clean until the pose changes, and clean again when undone back to the saved pose', () => {
    const s = session();
    expect(s.dirty).toBe(false);
    nudge(s);
    expect(s.dirty).toBe(true);
    s.undo();
    expect(s.dirty).toBe(false);
    expect(session(false).dirty).toBe(true);
  });

  it('makes a canvas resize one undoable step, with each editor keeping its own history', () => {
    const s = session();
    nudge(s);
    const nudged = s.editor.state.keypoints;
    s.resize(512, 768, 'fit');
    expect(s.snapshot()).toMatchObject({ width: 512, height: 768 });
    expect(s.dirty).toBe(true);
    nudge(s);
    expect(s.undoLabel).toBe('Nudge');
    s.undo(); // the mirror on the resized canvas
    expect(s.snapshot().height).toBe(768);
    expect(s.undoLabel).toBe('Canvas size');
    s.undo(); // the resize
    expect(s.snapshot().height).toBe(512);
    expect(s.editor.state.keypoints).toBe(nudged);
    s.undo(); // the first mirror
    expect(s.dirty).toBe(false);
    expect(s.redo()).toBe(true);
    expect(s.redo()).toBe(true); // the resize again
    expect(s.snapshot().height).toBe(768);
    expect(s.redo()).toBe(true); // and the mirror after it
    expect(s.canRedo).toBe(false);
  });

  it('drops the resize redo once the pose is edited after undoing it', () => {
    const s = session();
    s.resize(768, 512, 'keep');
    s.undo();
    expect(s.canRedo).toBe(true);
    nudge(s);
    expect(s.canRedo).toBe(false);
    expect(s.redo()).toBe(false);
  });

  it('redoes a resize that was undone before an older undone edit of the editor it returned to', () => {
    const s = session();
    nudge(s);
    s.undo(); // the nudge waits in this editor's redo
    s.resize(512, 768, 'fit'); // a new step: in one linear history it drops that redo
    s.undo();
    expect(s.snapshot().height).toBe(512);
    expect(s.redo()).toBe(true);
    expect(s.snapshot().height).toBe(768); // the resize, not the nudge it replaced
    expect(s.dirty).toBe(true);
  });

  it('notifies on edits and on switching editors, and marks what was saved', () => {
    const s = session(false);
    let calls = 0;
    s.subscribe(() => (calls += 1));
    nudge(s);
    s.resize(600, 600, 'keep');
    expect(calls).toBeGreaterThanOrEqual(2);
    const before = s.snapshot();
    nudge(s);
    s.markSaved(before);
    expect(s.dirty).toBe(true);
    s.undo();
    expect(s.dirty).toBe(false);
  });
});

describe('resizeKeypoints', () => {
  it('keeps positions, or fits the pose uniformly and centred, leaving unlabeled joints at 0', () => {
    const kps = [
      [100, 200, 2],
      [0, 0, 0],
    ] as [number, number, 0 | 1 | 2][];
    const from = { width: 200, height: 400 };
    expect(resizeKeypoints(kps, from, { width: 400, height: 400 }, 'keep')).toEqual(kps);
    expect(resizeKeypoints(kps, from, { width: 400, height: 400 }, 'fit')).toEqual([
      [200, 200, 2],
      [0, 0, 0],
    ]);
  });
});
