/**
 * @file Handlers of the face and image checks: `quality.checks` (what the studio measures),
 * `quality.score` (freeze the variants to score and queue a persisted, resumable job),
 * `quality.scores`, and the threshold rules: `quality.preview` (what each rule would reject) and
 * `quality.apply` (reject them by rule, release stale rule rejections, one undoable batch).
 */
import type { EventHub, Handlers, ReviewFilter } from '../../contract';
import { freezeScoreQueue, findCheckId, getScores } from '../catalog/node/qualityRepo';
import { decideEach } from '../catalog/node/reviewRepo';
import { reviewVariants } from '../catalog/node/reviewPage';
import { planRules, previewRules, type RuleSpec } from '../catalog/node/rulesRepo';
import { reviewWhere } from '../catalog/reviewQuery';
import { setJobPlan } from '../jobs/node/jobRows';
import type { QualityCatalog } from './qualityChecks';
import { formatValue } from './qualityChecks';
import { SCORE_KIND } from './qualityRunner';
import type { OpenProject, ProjectSession } from './session';

type QualityHandlers = Pick<
  Handlers,
  'quality.checks' | 'quality.score' | 'quality.scores' | 'quality.preview' | 'quality.apply'
>;

export type ScoreJobParams = { filter: ReviewFilter; rescore: boolean };

/** Queue a scoring job over the filter's variants (all, or only unscored ones). */
export async function queueScoring(
  open: Pick<OpenProject, 'project' | 'lock' | 'jobs'>,
  catalog: QualityCatalog,
  params: ScoreJobParams,
): Promise<{ jobId: number; count: number }> {
  const db = open.project.catalog.writer;
  const known = new Set(catalog.review.names);
  const queued = await open.lock.runExclusive(() =>
    db
      .transaction(() => {
        const where = reviewWhere(params.filter, (name) => findCheckId(db, name), { known });
        const job = open.jobs.createQueued({ kind: SCORE_KIND, title: 'Score', params, unit: 'variants' });
        const count = freezeScoreQueue(db, job.id, where, params.rescore);
        const what = params.rescore ? 'variants' : 'unscored variants';
        setJobPlan(db, job.id, `Score ${count} ${what}`, count);
        return { jobId: job.id, count };
      })
      .immediate(),
  );
  open.jobs.schedule(queued.jobId);
  return queued;
}

function ruleLabel(rules: readonly RuleSpec[]): string {
  const enabled = rules.filter((rule) => rule.enabled);
  if (enabled.length === 0) return 'rules: none enabled';
  const parts = enabled.map(
    (rule) => `${rule.check} ${rule.direction === 'low-is-bad' ? '<' : '>'} ${formatValue(rule.threshold)}`,
  );
  return `rules: ${parts.join(', ')}`;
}

export function createQualityHandlers(
  session: ProjectSession,
  hub: EventHub,
  now: () => number,
  catalog: QualityCatalog,
): QualityHandlers {
  const known = new Set(catalog.review.names);
  return {
    'quality.checks': async () => ({ items: [...catalog.checks] }),
    'quality.score': async ({ filter, rescore }) =>
      queueScoring(session.require(), catalog, { filter, rescore }),
    'quality.scores': async ({ ids }) => {
      const found = getScores(session.require().project.catalog.reader, ids, catalog.review.names);
      return { items: ids.flatMap((id) => found.get(id) ?? []) };
    },
    'quality.preview': async ({ rules, filter, sample }) => {
      const db = session.require().project.catalog.reader;
      const preview = previewRules(db, catalog.resolveRules(rules), { filter, known }, sample);
      const samples = reviewVariants(
        db,
        [...new Set(preview.perRule.flatMap((r) => r.sample))],
        catalog.review.names,
      );
      const byId = new Map(samples.map((variant) => [variant.id, variant]));
      return {
        ...preview,
        perRule: preview.perRule.map((rule) => ({
          ...rule,
          sample: rule.sample.flatMap((id) => byId.get(id) ?? []),
        })),
      };
    },
    'quality.apply': async ({ rules, filter }) => {
      const open = session.require();
      const specs = catalog.resolveRules(rules);
      const db = open.project.catalog.writer;
      const { plan, batch } = await open.lock.runExclusive(() => {
        const made = planRules(db, specs, { filter, known });
        const label = `${ruleLabel(specs)} (${made.rejected} rejected, ${made.released} released)`;
        return { plan: made, batch: decideEach(db, made.changes, { by: 'auto', label }, now()) };
      });
      if (batch) {
        hub.emit('catalog.changed', { entity: 'decisions', reason: 'rules applied' });
        hub.emit('catalog.changed', { entity: 'variants', reason: 'reviewed' });
      }
      return { rejected: plan.rejected, released: plan.released, batch };
    },
  };
}
