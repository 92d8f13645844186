/**
 * Pointer-move cost of the model: issue 6 asks for under 2 ms per move. Measures 10,000 moves of
 * a drag (translate, rotate under the bone lock with symmetric mode on, and hover) with a
 * subscriber attached, and prints the mean per move.
 */
import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../../src-main/core/pose/presets';
import { TestPoseEditor } from './testing/TestPoseEditor';

const MOVES = 10_000;
const standing = loadPresets()[0]!;

function perMove(t: TestPoseEditor, joint: number | null, options: { alt?: boolean } = {}): number {
  const start = t.at(joint ?? 0);
  let renders = 0;
  const stop = t.editor.store.subscribe(() => (renders += 1));
  const began = performance.now();
  if (joint !== null) t.pointerDown(start.x, start.y, options);
  for (let i = 0; i < MOVES; i += 1)
    t.pointerMove(start.x + Math.sin(i / 50) * 80, start.y + Math.cos(i / 70) * 60);
  if (joint !== null) t.pointerUp();
  const ms = (performance.now() - began) / MOVES;
  stop();
  expect(renders).toBeGreaterThan(0);
  return ms;
}

describe('pointer-move cost', () => {
  it('stays well under 2 ms per move', () => {
    const t = new TestPoseEditor({ width: 512, height: 512, keypoints: standing.keypoints, hitRadius: 5 });
    const translate = perMove(t, 9);
    t.key('s');
    const rotate = perMove(t, 7, { alt: true });
    const hover = perMove(t, null);
    console.log(
      `pointer move, mean of ${MOVES}: translate ${(translate * 1000).toFixed(1)} µs, ` +
        `rotate+symmetric ${(rotate * 1000).toFixed(1)} µs, hover ${(hover * 1000).toFixed(1)} µs`,
    );
    expect(Math.max(translate, rotate, hover)).toBeLessThan(2);
    expect(t.state.undoLabel).toBe('Rotate limb');
  });
});
