/**
 * @file The rotate tool (bone-length lock): the grabbed joint's limb turns about its parent
 * joint by the angle the pointer swept around that parent, and the joint's subtree follows
 * rigidly, so every bone keeps its length. The face (nose, eyes, ears) is one rigid piece that
 * turns about the neck (the shoulders' midpoint). A torso root has no parent, so grabbing one
 * under the lock moves the whole pose rigidly instead (also keeping every length).
 */
import { PARENT, subtree } from '../skeletonTree';
import type { Keypoint, Point } from '../types';
import { translateTool, type PoseTool } from './drag';

const HEAD = [0, 1, 2, 3, 4];

/** The shoulders' midpoint, when both are labeled. */
function neck(start: readonly Keypoint[]): Keypoint | undefined {
  const [l, r] = [start[5]!, start[6]!];
  return l[2] > 0 && r[2] > 0 ? [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2, 2] : undefined;
}

export function rotateTool(start: readonly Keypoint[], joint: number, origin: Point): PoseTool {
  const head = HEAD.includes(joint);
  const parent = PARENT[joint] ?? null;
  const pivot = head ? neck(start) : parent === null ? undefined : start[parent];
  if (pivot === undefined || pivot[2] === 0) {
    const all = start.flatMap((point, index) => (point[2] > 0 ? [index] : []));
    return translateTool(start, all, origin, 'Move pose');
  }
  const [px, py] = pivot;
  const startAngle = Math.atan2(origin.y - py, origin.x - px);
  const moved = (head ? HEAD : subtree(joint)).filter((index) => start[index]![2] > 0);
  return {
    label: head ? 'Turn head' : 'Rotate limb',
    moved,
    move(point) {
      // A pointer on the pivot has no direction; keep the limb where it was.
      const angle =
        point.x === px && point.y === py ? 0 : Math.atan2(point.y - py, point.x - px) - startAngle;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const out = start.slice();
      for (const index of moved) {
        const [x, y, v] = start[index]!;
        const dx = x - px;
        const dy = y - py;
        out[index] = [px + dx * cos - dy * sin, py + dx * sin + dy * cos, v];
      }
      return out;
    },
  };
}
