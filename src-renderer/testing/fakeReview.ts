/**
 * @file The review half of the fake studio (component tests only): three checks (face landmark
 * error, high is bad; face sharpness and image blur, low is bad), pose rows of variants with
 * deterministic scores (every 7th variant is a back view without face scores), `review.page`
 * with every filter and sort, decisions by hand and by rules recorded as undoable batches,
 * `quality.preview/apply`, and a scoring job in the shared job map (so the generation fake's
 * `jobs.pause/resume/cancel` control it) that the driver advances. All answers go through the real
 * dispatcher. `failReview` makes `variants.review` fail, for the rollback case.
 */
import {
  StudioError,
  type CheckInfo,
  type DecisionBatch,
  type EventHub,
  type Handlers,
  type Job,
  type Keypoint,
  type QualityRule,
  type ReviewFilter,
  type ReviewRow,
  type ReviewState,
  type ReviewVariant,
  type VariantScores,
  type VariantStatus,
} from '../../src-main/contract';
import type { SharedJobs } from './fakeTraining';

export const FAKE_CHECKS: CheckInfo[] = [
  {
    ...{ id: 'face_landmarks', label: 'Face landmarks', group: 'face', unit: 'face widths' },
    ...{ direction: 'high-is-bad', defaultThreshold: 0.25, min: 0, max: 1 },
    description: 'How far the detected eyes, nose and ears are from the pose’s keypoints.',
  },
  {
    ...{ id: 'face_sharpness', label: 'Face sharpness', group: 'face', unit: '', direction: 'low-is-bad' },
    ...{ defaultThreshold: 30, min: 0, max: 200, description: 'Variance of the Laplacian over the face.' },
  },
  {
    ...{ id: 'blur', label: 'Image blur', group: 'image', unit: '', direction: 'low-is-bad' },
    ...{ defaultThreshold: 100, min: 0, max: 1000, description: 'Variance of the Laplacian over the image.' },
  },
];

type Change = { id: number; from: ReviewState; fromReason: string | null; to: ReviewState };
type FakeBatch = DecisionBatch & { changes: Change[] };
type FakePose = { id: number; tags: string[]; pose: ReviewRow['pose'] };

export type FakeReviewState = {
  checks: CheckInfo[];
  poses: FakePose[];
  variants: ReviewVariant[];
  faces: Map<number, VariantScores['faces']>;
  batches: FakeBatch[];
  /** Scoring jobs: the variant ids each still has to score. */
  scoreJobs: Map<number, number[]>;
  /** When set, `variants.review` fails with this message. */
  failReview: string | null;
};

export type FakeReviewOptions = { poses?: number; variantsPerPose?: number; scored?: boolean };

const PROMPTS = ['a person in a red shirt', 'a dancer in blue', 'a hiker with a hat'];
// A standing figure on a 200 x 300 canvas: x, y of each COCO-17 keypoint in order.
const FIGURE = [
  100, 50, 108, 44, 92, 44, 116, 48, 84, 48, 125, 85, 75, 85, 135, 130, 65, 130, 140, 170, 60, 170, 115, 165,
  85, 165, 118, 220, 82, 220, 120, 275, 80, 275,
];

/** Deterministic scores of variant `id`; back views (every 7th) have no face scores. */
export function fakeScores(id: number): Scores {
  const back = id % 7 === 0;
  return {
    face_landmarks: back ? null : ((id * 37) % 100) / 100,
    face_sharpness: back ? null : (id * 53) % 200,
    blur: (id * 89) % 1000,
  };
}

function statusOf(state: ReviewState): VariantStatus {
  return state === 'unreviewed' ? 'new' : state === 'accepted' ? 'accepted' : 'rejected';
}

function makePose(id: number): FakePose {
  // The wrists (9, 10) rise a little from pose to pose.
  const keypoints = Array.from({ length: 17 }, (_, k): [number, number, number] => {
    const [x, y] = [FIGURE[2 * k]!, FIGURE[2 * k + 1]!];
    return [x, k === 9 || k === 10 ? y - (id % 5) * 8 : y, 2];
  });
  return { id, tags: id % 3 === 0 ? ['keep'] : [], pose: { width: 200, height: 300, keypoints } };
}

type Scores = Record<string, number | null>;

/** Variant `index` of a pose, the pose fitted into 256 x 256; the fourth hides its face (v = 1). */
function makeVariant(
  pose: FakePose,
  index: number,
  id: number,
  scored: boolean,
  runId: number,
): ReviewVariant {
  const fit = ([x, y]: readonly number[]): [number, number] => [
    Math.round(x! * 0.85 + 43),
    Math.round(y! * 0.85),
  ];
  const keypoints = pose.pose.keypoints.map((p, k): Keypoint => [...fit(p), index === 3 && k < 5 ? 1 : 2]);
  const hex = id.toString(16).padStart(4, '0');
  const media = {
    ...{ rgb: `${hex.slice(0, 2)}/${hex}.png`, thumb: `${hex.slice(0, 2)}/${hex}.webp` },
    ...{ depth: null, parts: null, condition: null },
  };
  return {
    ...{ id, runId, poseId: pose.id, index, generator: runId === 1 ? 'mannequin' : 'sd-controlnet' },
    ...{ prompt: PROMPTS[id % PROMPTS.length]!, seed: id, width: 256, height: 256, keypoints, media },
    ...{ params: { generator: 'mannequin' }, attributes: { identity: `person-${id}` }, faceDefect: null },
    ...{ status: 'new', reason: null, createdAt: 1000 + id, state: 'unreviewed' },
    scores: scored ? fakeScores(id) : null,
  };
}

export function createReviewState(options: FakeReviewOptions = {}): FakeReviewState {
  const poseCount = options.poses ?? 0;
  const perPose = options.variantsPerPose ?? 4;
  const poses = Array.from({ length: poseCount }, (_, i) => makePose(i + 1));
  // The first half of the poses were made by run 1 (mannequin), the rest by run 2.
  const runOf = (pose: FakePose) => (pose.id <= Math.ceil(poseCount / 2) ? 1 : 2);
  const scored = options.scored ?? true;
  const variants = poses.flatMap((pose, p) =>
    Array.from({ length: perPose }, (_, i) => makeVariant(pose, i, p * perPose + i + 1, scored, runOf(pose))),
  );
  const state: FakeReviewState = {
    ...{ checks: FAKE_CHECKS, poses, variants, faces: new Map(), batches: [], scoreJobs: new Map() },
    failReview: null,
  };
  for (const variant of variants) if (variant.scores !== null) setScores(state, variant, variant.scores);
  return state;
}

function setScores(state: FakeReviewState, variant: ReviewVariant, scores: Scores): void {
  variant.scores = scores;
  const [x, y] = variant.keypoints[0] ?? [0, 0];
  const faces: VariantScores['faces'] =
    scores.face_landmarks === null ? [] : [{ box: [x - 16, y - 18, 32, 32], score: 0.93, keypoints: [] }];
  state.faces.set(variant.id, faces);
}

function checkOf(state: FakeReviewState, id: string): CheckInfo {
  const check = state.checks.find((candidate) => candidate.id === id);
  if (check === undefined) throw new StudioError('INVALID_INPUT', `unknown check ${id}`);
  return check;
}

function matches(state: FakeReviewState, v: ReviewVariant, filter: ReviewFilter, withStates = true): boolean {
  if (withStates && filter.states?.length && !filter.states.includes(v.state)) return false;
  if (filter.runId !== undefined && v.runId !== filter.runId) return false;
  if (filter.generator !== undefined && v.generator !== filter.generator) return false;
  if (filter.promptContains && !v.prompt.toLowerCase().includes(filter.promptContains.toLowerCase()))
    return false;
  if (filter.tag !== undefined && !state.poses.find((p) => p.id === v.poseId)?.tags.includes(filter.tag))
    return false;
  if (filter.scored !== undefined && (v.scores !== null) !== filter.scored) return false;
  return (filter.scores ?? []).every(({ check, min, max }) => {
    const value = v.scores?.[check] ?? null;
    return value !== null && (min === undefined || value >= min) && (max === undefined || value <= max);
  });
}

/** The row's worst value of a check (by its direction), null when none of its variants has one. */
function worst(check: CheckInfo, variants: readonly ReviewVariant[]): number | null {
  const values = variants.map((v) => v.scores?.[check.id] ?? null).filter((x): x is number => x !== null);
  if (values.length === 0) return null;
  return check.direction === 'low-is-bad' ? Math.min(...values) : Math.max(...values);
}

function pageHandler(state: FakeReviewState): Handlers['review.page'] {
  return async ({ filter, sort, offset, limit, variantsPerRow }) => {
    const matching = state.variants.filter((v) => matches(state, v, filter));
    const byPose = new Map<number, ReviewVariant[]>();
    for (const v of matching) byPose.set(v.poseId, [...(byPose.get(v.poseId) ?? []), v]);
    let poseIds = [...byPose.keys()].sort((a, b) => a - b);
    if (sort.by !== 'pose') {
      const check = checkOf(state, sort.by);
      const sign = (check.direction === 'low-is-bad' ? 1 : -1) * (sort.dir === 'worst-first' ? 1 : -1);
      const key = new Map(poseIds.map((id) => [id, worst(check, byPose.get(id)!)]));
      const rank = (id: number) => key.get(id) ?? null;
      poseIds = poseIds.sort((a, b) => {
        const [x, y] = [rank(a), rank(b)];
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        return sign * (x - y) || a - b;
      });
    }
    const rows = poseIds.slice(offset, offset + limit).map((poseId) => ({
      poseId,
      pose: state.poses.find((p) => p.id === poseId)!.pose,
      variants: byPose.get(poseId)!.slice(0, variantsPerRow),
    }));
    const all = state.variants.filter((v) => matches(state, v, filter, false));
    const count = (s: ReviewState) => all.filter((v) => v.state === s).length;
    return {
      ...{ rows, totalRows: poseIds.length, totalVariants: matching.length },
      counts: {
        ...{ unreviewed: count('unreviewed'), accepted: count('accepted') },
        ...{ rejectedHand: count('rejected-hand'), rejectedAuto: count('rejected-auto') },
      },
    };
  };
}

function tick(shared: SharedJobs): number {
  shared.clock += 1;
  return shared.clock;
}

function toBatch({ changes: _changes, ...batch }: FakeBatch): DecisionBatch {
  return batch;
}

/** Apply changes as one batch (none when nothing changes); emits `catalog.changed` decisions. */
function record(
  context: Context,
  by: 'hand' | 'auto',
  label: string,
  changes: Array<Change & { reason: string | null }>,
): DecisionBatch | null {
  const { state, hub, shared } = context;
  if (changes.length === 0) return null;
  for (const change of changes) {
    const v = state.variants.find((candidate) => candidate.id === change.id)!;
    Object.assign(v, { state: change.to, status: statusOf(change.to), reason: change.reason });
  }
  const batch: FakeBatch = {
    ...{ id: state.batches.length + 1, by, label, count: changes.length, undone: false },
    ...{ at: tick(shared), changes },
  };
  state.batches.push(batch);
  const reason = by === 'hand' ? 'variants.review' : 'quality.apply';
  hub.emit('catalog.changed', { entity: 'decisions', reason });
  return toBatch(batch);
}

type Context = { state: FakeReviewState; hub: EventHub; shared: SharedJobs };

/** What the enabled rules catch among the filter's scored variants not decided by hand. */
function caught({ state }: Context, rules: QualityRule[], filter: ReviewFilter) {
  const open = (v: ReviewVariant) => v.state === 'unreviewed' || v.state === 'rejected-auto';
  const considered = state.variants.filter(
    (v) => v.scores !== null && open(v) && matches(state, v, filter, false),
  );
  const perRule = rules
    .filter((rule) => rule.enabled)
    .map((rule) => {
      const low = checkOf(state, rule.check).direction === 'low-is-bad';
      const bad = (x: number | null) => x !== null && (low ? x < rule.threshold : x > rule.threshold);
      return { rule, hits: considered.filter((v) => bad(v.scores?.[rule.check] ?? null)) };
    });
  return { considered, perRule };
}

const VERBS: Record<VariantStatus, string> = { accepted: 'Accepted', rejected: 'Rejected', new: 'Reset' };

function decisionHandlers(context: Context): Partial<Handlers> {
  const { state, hub } = context;
  return {
    'variants.review': async ({ ids, status, reason }) => {
      if (state.failReview !== null) throw new StudioError('INTERNAL', state.failReview);
      const to: ReviewState =
        status === 'new' ? 'unreviewed' : status === 'accepted' ? 'accepted' : 'rejected-hand';
      const changes = state.variants
        .filter((v) => ids.includes(v.id) && v.state !== to)
        .map((v) => ({ id: v.id, from: v.state, fromReason: v.reason, to, reason: reason ?? null }));
      const label = `${VERBS[status]} ${changes.length} variant${changes.length === 1 ? '' : 's'}`;
      return { updated: changes.length, batch: record(context, 'hand', label, changes) };
    },
    'review.undo': async ({ batchId }) => {
      const batch =
        batchId === undefined
          ? [...state.batches].reverse().find((b) => !b.undone)
          : state.batches.find((b) => b.id === batchId);
      if (batchId !== undefined && batch === undefined)
        throw new StudioError('NOT_FOUND', `no batch ${batchId}`);
      if (batch === undefined || batch.undone) return { restored: 0, batch: batch ? toBatch(batch) : null };
      for (const change of batch.changes) {
        const v = state.variants.find((candidate) => candidate.id === change.id)!;
        Object.assign(v, { state: change.from, status: statusOf(change.from), reason: change.fromReason });
      }
      batch.undone = true;
      hub.emit('catalog.changed', { entity: 'decisions', reason: 'review.undo' });
      return { restored: batch.changes.length, batch: toBatch(batch) };
    },
    'review.batches': async ({ limit }) => ({
      items: [...state.batches].reverse().slice(0, limit).map(toBatch),
    }),
  };
}

function ruleHandlers(context: Context): Partial<Handlers> {
  return {
    'quality.preview': async ({ rules, filter, sample }) => {
      const { considered, perRule } = caught(context, rules, filter);
      return {
        perRule: perRule.map(({ rule, hits }) => ({
          check: rule.check,
          count: hits.length,
          sample: hits.slice(0, sample),
        })),
        total: new Set(perRule.flatMap(({ hits }) => hits.map((v) => v.id))).size,
        considered: considered.length,
      };
    },
    'quality.apply': async ({ rules, filter }) => {
      const changes = new Map<number, Change & { reason: string | null }>();
      for (const { rule, hits } of caught(context, rules, filter).perRule) {
        for (const v of hits) {
          if (v.state === 'rejected-auto' || changes.has(v.id)) continue;
          const reason = `${rule.check} ${v.scores?.[rule.check]}`;
          changes.set(v.id, { id: v.id, from: v.state, fromReason: v.reason, to: 'rejected-auto', reason });
        }
      }
      const batch = record(context, 'auto', `Rules rejected ${changes.size} variants`, [...changes.values()]);
      return { rejected: changes.size, batch };
    },
  };
}

function scoreHandlers({ state, hub, shared }: Context): Partial<Handlers> {
  return {
    'quality.checks': async () => ({ items: state.checks }),
    'quality.scores': async ({ ids }) => ({
      items: state.variants
        .filter((v) => ids.includes(v.id) && v.scores !== null)
        .map((v) => ({
          variantId: v.id,
          scores: v.scores!,
          faces: state.faces.get(v.id) ?? [],
          scoredAt: 1,
        })),
    }),
    'quality.score': async ({ filter, rescore }) => {
      const ids = state.variants
        .filter((v) => (rescore || v.scores === null) && matches(state, v, filter))
        .map((v) => v.id);
      const createdAt = tick(shared);
      const job: Job = {
        ...{
          id: 100 + shared.jobs.size + 1,
          kind: 'quality-score',
          requestId: null,
          title: 'Score variants',
        },
        ...{ state: ids.length === 0 ? 'done' : 'queued', done: 0, total: ids.length, unit: 'variants' },
        ...{ rate: null, etaSeconds: null, message: null, error: null, createdAt, updatedAt: createdAt },
      };
      shared.jobs.set(job.id, job);
      state.scoreJobs.set(job.id, ids);
      hub.emit('jobs.progress', job);
      return { jobId: job.id, count: ids.length };
    },
  };
}

export function reviewHandlers(state: FakeReviewState, hub: EventHub, shared: SharedJobs): Partial<Handlers> {
  const context: Context = { state, hub, shared };
  return {
    'review.page': pageHandler(state),
    ...decisionHandlers(context),
    ...ruleHandlers(context),
    ...scoreHandlers(context),
  };
}

/** What the tests call to move a scoring job along. */
export function reviewDriver(state: FakeReviewState, hub: EventHub, shared: SharedJobs) {
  return {
    /** Score the job's next `count` variants (nothing while it is paused or over). */
    score(jobId: number, count: number): number {
      const job = shared.jobs.get(jobId);
      const left = state.scoreJobs.get(jobId);
      if (job === undefined || left === undefined || !['queued', 'running'].includes(job.state)) return 0;
      const now = left.splice(0, count);
      for (const id of now) {
        const v = state.variants.find((candidate) => candidate.id === id)!;
        setScores(state, v, fakeScores(id));
      }
      const total = job.total ?? 0;
      const done = total - left.length;
      const finished = left.length === 0;
      const next: Job = {
        ...job,
        ...{ state: finished ? 'done' : 'running', done, rate: finished ? null : 10 },
        ...{ etaSeconds: finished ? null : left.length / 10, updatedAt: tick(shared) },
      };
      shared.jobs.set(jobId, next);
      hub.emit('jobs.progress', next);
      hub.emit('catalog.changed', { entity: 'scores', reason: 'quality.score' });
      return now.length;
    },
  };
}
