/**
 * @file Following one job from the command line until it stops: its `jobs.progress` events drive
 * the progress bar (rate, ETA) on stderr; Ctrl+C pauses it (the run can be resumed later), a
 * second Ctrl+C cancels it. The job runs in this process's studio, so the command must wait for
 * it: leaving earlier would close the project and put the job back in the queue.
 */
import type { Job, JobState } from '../contract';
import type { Ctx } from './context';
import { createProgressSink } from './progress';

/** States in which a job has stopped running here (paused jobs can be resumed). */
const STOPPED: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'paused']);

/** Backstop poll: the job's own events normally end the wait well before this fires. */
const POLL_MS = 1000;

export type FollowResult = {
  job: Job;
  /** Wall-clock seconds from the start call to the job stopping. */
  seconds: number;
};

function say(ctx: Ctx, line: string): void {
  ctx.io.stderr.write(`\n${line}\n`);
}

type Interrupts = {
  /** What Ctrl+C asked for so far. */
  value: 'pause' | 'cancel' | null;
  /** Ctrl+C before the job id was known: act on it once it is. */
  pending: boolean;
};

/**
 * Ctrl+C once: pause (falling back to cancel when the job cannot pause); twice: cancel. Errors
 * from these calls are reported, not thrown: the wait goes on until the job says it stopped.
 */
function requestStop(ctx: Ctx, id: number, state: Interrupts): void {
  const cancel = (): void => {
    state.value = 'cancel';
    say(ctx, `cancelling job ${id}…`);
    ctx.client
      .call('jobs.cancel', { id })
      .catch((error: Error) => say(ctx, `cancel failed: ${error.message}`));
  };
  if (state.value === 'cancel') return cancel();
  say(ctx, `pausing job ${id} (items in flight finish first; Ctrl+C again to cancel the run)…`);
  ctx.client
    .call('jobs.pause', { id })
    .then(({ paused }) => {
      if (!paused) cancel();
    })
    .catch(cancel);
}

function interruptHandler(ctx: Ctx, jobId: () => number | null, state: Interrupts) {
  return (): void => {
    state.value = state.value === null ? 'pause' : 'cancel';
    const id = jobId();
    if (id === null) state.pending = true;
    else requestStop(ctx, id, state);
  };
}

/**
 * Start something that yields a job id (generate.start, jobs.resume) and follow that job until it
 * stops. Subscribes before starting, so the events of a job that ends at once are not missed.
 */
export async function followJob(ctx: Ctx, start: () => Promise<number>): Promise<FollowResult> {
  const sink = createProgressSink(ctx.io.stderr);
  const startedAt = Date.now();
  const interrupted: Interrupts = { value: null, pending: false };
  let jobId: number | null = null;
  const early: Job[] = [];
  let finish: (job: Job) => void = () => undefined;
  const stopped = new Promise<Job>((resolve) => (finish = resolve));
  const seen = (job: Job): void => {
    if (jobId === null) {
      early.push(job);
      return;
    }
    if (job.id !== jobId) return;
    sink.update(job);
    if (STOPPED.has(job.state)) finish(job);
  };
  const unsubscribe = ctx.client.on('jobs.progress', seen);
  const unhook = ctx.io.onInterrupt(interruptHandler(ctx, () => jobId, interrupted));
  let poll: NodeJS.Timeout | undefined;
  try {
    jobId = await start();
    if (interrupted.pending) requestStop(ctx, jobId, interrupted);
    for (const job of early.splice(0)) seen(job);
    poll = setInterval(() => {
      void ctx.client
        .call('jobs.list', { limit: 200 })
        .then(({ items }) => {
          const job = items.find((item) => item.id === jobId);
          if (job && STOPPED.has(job.state)) seen(job);
        })
        .catch(() => undefined);
    }, POLL_MS);
    const job = await stopped;
    return { job, seconds: (Date.now() - startedAt) / 1000 };
  } finally {
    clearInterval(poll);
    sink.done();
    unhook();
    unsubscribe();
  }
}
