/**
 * @file The open project and what hangs off it (catalog connections, write lock, job manager with
 * the generation, training, evaluation and scoring runners). Handlers ask `session.require()` for it and get a clear NO_PROJECT error
 * when none is open. Opening requeues generation jobs a killed process left running; closing
 * stops dispatching, lets items in flight commit, and leaves the job queued for the next open.
 */
import { StudioError, type EventHub, type GenerateRequest } from '../../contract';
import { Mutex } from '../shared/mutex';
import { JobManager, type ResumableRunner } from '../jobs/node/jobManager';
import type { GenerationEngine } from './generationEngine';
import {
  createGenerationRunner,
  GENERATE_KIND,
  type GenerationSummary,
  type GenerationTuning,
  type PromptSampler,
} from './generationRunner';
import { createProject, openProject, type Project } from './project';
import { EVAL_KIND, TRAIN_KIND, createEvalRunner, createTrainRunner } from './trainRunner';
import type { QualityCatalog } from './qualityChecks';
import { queueScoring } from './qualityHandlers';
import { SCORE_KIND, createScoreRunner, type QualityEngine } from './qualityRunner';

export type OpenProject = {
  readonly project: Project;
  readonly lock: Mutex;
  readonly jobs: JobManager;
  readonly engine: GenerationEngine;
};

export type SessionOptions = {
  engine: GenerationEngine;
  samplePrompt: PromptSampler;
  /** Run interrupted generation jobs again when a project opens (default true). */
  resumeJobs?: boolean;
  tuning?: GenerationTuning;
  /** Scoring: the quality worker pool and the checks. */
  quality?: { engine: QualityEngine; catalog: QualityCatalog };
};

/**
 * A generation runner that, for runs asking for it (`scoreAfter`), queues a scoring job over the
 * run's variants once the run is done (it runs after, like any queued job).
 */
function scoreAfterGeneration(
  generate: ResumableRunner,
  open: Pick<OpenProject, 'project' | 'lock' | 'jobs'>,
  catalog: QualityCatalog,
): ResumableRunner {
  return async (ctx, params) => {
    const summary = (await generate(ctx, params)) as GenerationSummary;
    if ((params as Partial<GenerateRequest> | null)?.scoreAfter === true) {
      // The run itself is done: failing to queue its scoring must not fail it (score it by hand).
      await queueScoring(open, catalog, { filter: { runId: summary.runId }, rescore: false }).catch(
        (error: unknown) =>
          console.error(`[pose-studio] could not queue scoring of run ${summary.runId}:`, error),
      );
    }
    return summary;
  };
}

export class ProjectSession {
  #current: OpenProject | null = null;
  readonly #hub: EventHub;
  readonly #now: () => number;
  readonly #options: SessionOptions;

  constructor(hub: EventHub, now: () => number, options: SessionOptions) {
    this.#hub = hub;
    this.#now = now;
    this.#options = options;
  }

  get current(): OpenProject | null {
    return this.#current;
  }

  get engine(): GenerationEngine {
    return this.#options.engine;
  }

  require(): OpenProject {
    if (!this.#current) {
      throw new StudioError(
        'NO_PROJECT',
        'no project is open: create or open one first (project.open / --project)',
      );
    }
    return this.#current;
  }

  async open(path: string, create: boolean): Promise<OpenProject> {
    const project = create ? createProject(path) : openProject(path);
    await this.close();
    const lock = new Mutex();
    const jobs = new JobManager(project.catalog.writer, this.#hub, lock, this.#now);
    const { engine, samplePrompt, tuning } = this.#options;
    const generate = createGenerationRunner({
      project,
      lock,
      hub: this.#hub,
      now: this.#now,
      engine,
      samplePrompt,
      tuning,
    });
    const quality = this.#options.quality;
    jobs.registerRunner(
      GENERATE_KIND,
      quality ? scoreAfterGeneration(generate, { project, lock, jobs }, quality.catalog) : generate,
    );
    const trainDeps = { project, lock, hub: this.#hub, now: this.#now };
    jobs.registerRunner(TRAIN_KIND, createTrainRunner(trainDeps));
    jobs.registerRunner(EVAL_KIND, createEvalRunner(trainDeps));
    if (quality) {
      const scoreDeps = {
        ...trainDeps,
        engine: quality.engine,
        duplicateCheck: quality.catalog.duplicateCheck,
      };
      jobs.registerRunner(SCORE_KIND, createScoreRunner(scoreDeps));
    }
    jobs.recoverInterrupted(this.#options.resumeJobs ?? true);
    this.#current = { project, lock, jobs, engine };
    this.#hub.emit('catalog.changed', { entity: 'project', reason: 'opened' });
    jobs.start();
    return this.#current;
  }

  /** Close after running jobs stopped (items in flight committed) and any write finished. */
  async close(): Promise<boolean> {
    const open = this.#current;
    if (!open) return false;
    this.#current = null;
    await open.jobs.shutdown();
    await open.lock.runExclusive(() => open.project.catalog.close());
    this.#hub.emit('catalog.changed', { entity: 'project', reason: 'closed' });
    return true;
  }
}
