/**
 * @file The open project and what hangs off it (catalog connections, write lock, job manager).
 * Handlers ask `session.require()` for it and get a clear NO_PROJECT error when none is open.
 */
import { StudioError, type EventHub } from '../../contract';
import { Mutex } from '../shared/mutex';
import { JobManager } from '../jobs/node/jobManager';
import { createProject, openProject, type Project } from './project';

export type OpenProject = {
  readonly project: Project;
  readonly lock: Mutex;
  readonly jobs: JobManager;
};

export class ProjectSession {
  #current: OpenProject | null = null;
  readonly #hub: EventHub;
  readonly #now: () => number;

  constructor(hub: EventHub, now: () => number) {
    this.#hub = hub;
    this.#now = now;
  }

  get current(): OpenProject | null {
    return this.#current;
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
    const jobs = new JobManager(project.catalog.writer, this.#hub, this.#now);
    jobs.recoverInterrupted();
    this.#current = { project, lock: new Mutex(), jobs };
    this.#hub.emit('catalog.changed', { entity: 'project', reason: 'opened' });
    return this.#current;
  }

  /** Close after any running write finishes. */
  async close(): Promise<boolean> {
    const open = this.#current;
    if (!open) return false;
    this.#current = null;
    open.jobs.cancelAll();
    await open.lock.runExclusive(() => open.project.catalog.close());
    this.#hub.emit('catalog.changed', { entity: 'project', reason: 'closed' });
    return true;
  }
}
