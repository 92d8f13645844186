/**
 * @file Works out which skeleton a COCO-style file uses (COCO-17, CrowdPose, AI Challenger, MHP,
 * JHMDB, Halpe, PoseTrack, ...) from its category's keypoint names when it has them, else from the
 * number of keypoints per annotation, and returns the mapping to COCO-17 plus a warning naming the
 * layout, so an import never silently reinterprets joints.
 */
import { COCO_KEYPOINT_NAMES, LAYOUTS, type LayoutId, type SkeletonLayout } from './skeleton';

/** Lower-case letters and digits only: 'Right-Shoulder', 'right_shoulder' -> 'rightshoulder'. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SIDE_ALIASES: Record<string, readonly string[]> = {
  eye: ['eye'],
  ear: ['ear'],
  shoulder: ['shoulder', 'sho'],
  elbow: ['elbow', 'elb'],
  wrist: ['wrist', 'wri'],
  hip: ['hip'],
  knee: ['knee'],
  ankle: ['ankle', 'ank'],
};

/** Squashed alias -> COCO joint name. Covers 'left_x', 'l_x', 'lx', 'x_left' style spellings. */
const ALIASES = new Map<string, string>();
for (const name of COCO_KEYPOINT_NAMES) ALIASES.set(squash(name), name);
for (const [part, aliases] of Object.entries(SIDE_ALIASES)) {
  for (const [side, short] of [
    ['left', 'l'],
    ['right', 'r'],
  ] as const) {
    for (const alias of aliases) {
      for (const spelled of [`${side}${alias}`, `${short}${alias}`, `${alias}${side}`, `${alias}${short}`]) {
        ALIASES.set(spelled, `${side}_${part}`);
      }
    }
  }
}

/** The COCO joint a keypoint name denotes, or null (neck, head top, pelvis, toes, ...). */
export function cocoJointForName(name: string): string | null {
  return ALIASES.get(squash(name)) ?? null;
}

/** Layouts recognised by their exact name list, most specific first (CrowdPose before ExLPose). */
const NAMED: readonly LayoutId[] = [
  'coco17',
  'crowdpose14',
  'aic14',
  'mhp16',
  'jhmdb15',
  'posetrack17',
  'halpe26',
  'humanart21',
];

/** Layouts assumed from the count alone when the file gives no usable names. */
const BY_COUNT: ReadonlyMap<number, LayoutId> = new Map<number, LayoutId>([
  [17, 'coco17'],
  [14, 'crowdpose14'],
  [15, 'jhmdb15'],
  [16, 'mpii16'],
  [21, 'humanart21'],
  [26, 'halpe26'],
  [133, 'cocoWholebody133'],
  [136, 'halpe136'],
]);

export type ResolvedLayout = {
  /** Joints per annotation the layout expects. */
  count: number;
  toCoco: readonly (number | null)[];
  label: string;
  /** Set unless the layout is plain COCO-17 by name or count. */
  warning: string | null;
};

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => cocoJointForName(name) === cocoJointForName(b[i]!));
}

function fromNames(names: readonly string[]): ResolvedLayout {
  const known = NAMED.map((id) => LAYOUTS[id]).find(
    (candidate) => candidate.names.length === names.length && sameNames(candidate.names, names),
  );
  const cocoIndex = new Map<string, number>(COCO_KEYPOINT_NAMES.map((name, index) => [name, index]));
  const toCoco = names.map((name) => {
    const joint = cocoJointForName(name);
    return joint === null ? null : (cocoIndex.get(joint) ?? null);
  });
  const mapped = toCoco.filter((index) => index !== null).length;
  const label = known?.label ?? `a ${names.length}-keypoint layout`;
  if (known?.id === 'coco17' && names.every((name, i) => squash(name) === squash(COCO_KEYPOINT_NAMES[i]!))) {
    return { count: names.length, toCoco, label, warning: null };
  }
  return {
    count: names.length,
    toCoco,
    label,
    warning:
      `keypoints read as ${label} (from the category's keypoint names): ${mapped} of ${names.length} ` +
      `joints map to COCO-17; the others are not imported`,
  };
}

function fromCount(layout: SkeletonLayout, reason: string): ResolvedLayout {
  const mapped = layout.toCoco.filter((index) => index !== null).length;
  const warning =
    layout.id === 'coco17'
      ? null
      : `keypoints read as ${layout.label} (${reason}): ${mapped} of its joints map to COCO-17; ` +
        `the others are not imported`;
  return { count: layout.count, toCoco: layout.toCoco, label: layout.label, warning };
}

/**
 * Resolve the layout of a COCO-style file. `names` are the person category's keypoint names
 * (null or empty when the file gives none, as in mmpose's Halpe file); `count` is the number of
 * keypoints in the first person annotation. Returns null when neither identifies a layout.
 */
export function resolveCocoLayout(names: readonly string[] | null, count: number): ResolvedLayout | null {
  if (names && names.length === count) return fromNames(names);
  if (names && names.length > count && count > 0) {
    // Human-Art lists 21 names but keeps the 17 COCO joints in `keypoints` (the rest elsewhere).
    const resolved = fromNames(names.slice(0, count));
    const note = `the category lists ${names.length} keypoint names but annotations carry ${count}; the first ${count} names are used`;
    return { ...resolved, warning: resolved.warning === null ? note : `${resolved.warning}; ${note}` };
  }
  const id = BY_COUNT.get(count);
  if (id === undefined) return null;
  const why =
    names && names.length > 0 ? `the category's ${names.length} names do not fit` : 'no keypoint names';
  const reason =
    count === 14
      ? `${why}; 14 joints could also be AI Challenger, whose order differs`
      : `${why}, so chosen by its ${count} keypoints per annotation`;
  return fromCount(LAYOUTS[id], reason);
}
