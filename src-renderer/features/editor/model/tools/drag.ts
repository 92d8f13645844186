/**
 * @file The translate tool: the grabbed joints move by the pointer's offset from where the drag
 * started. Positions are computed from the start pose every move (never accumulated), so a long
 * drag does not drift and returning the pointer returns the joints exactly.
 */
import type { Keypoint, Point } from '../types';

/** A pointer tool: the pose for the pointer at `point`, computed from the pose at the start. */
export type PoseTool = {
  readonly label: string;
  /** Joints the tool moves (for symmetric mode's partner mirroring). */
  readonly moved: readonly number[];
  move(point: Point): Keypoint[];
};

export function translateTool(
  start: readonly Keypoint[],
  joints: readonly number[],
  origin: Point,
  label = 'Move joints',
): PoseTool {
  const moved = joints.filter((joint) => start[joint] !== undefined && start[joint][2] > 0);
  return {
    label,
    moved,
    move(point) {
      const dx = point.x - origin.x;
      const dy = point.y - origin.y;
      const out = start.slice();
      for (const joint of moved) {
        const [x, y, v] = start[joint]!;
        out[joint] = [x + dx, y + dy, v];
      }
      return out;
    },
  };
}
