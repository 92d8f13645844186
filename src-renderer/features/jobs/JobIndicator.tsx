/**
 * @file The top bar's job indicator: idle, or the running jobs with the first one's progress and a
 * small bar. Reads the job map from `useJobs()`.
 */
import { useJobs } from './JobsContext';
import { liveJobs } from './model/jobs';
import { describeProgress, progressFraction } from '../../../src-main/core/shared/format';
import { ProgressBar } from '../../ui/ProgressBar';

export function JobIndicator() {
  const live = liveJobs(useJobs());
  const first = live[0];
  if (first === undefined) {
    return (
      <div className="job-indicator" data-testid="job-indicator" data-state="idle">
        <span className="job-indicator__dot" aria-hidden="true" />
        No jobs running
      </div>
    );
  }
  const more = live.length > 1 ? ` (+${live.length - 1} more)` : '';
  return (
    <div
      className="job-indicator"
      data-testid="job-indicator"
      data-state="running"
      title={`${first.title}: ${describeProgress(first)}`}
    >
      <span className="job-indicator__dot job-indicator__dot--busy" aria-hidden="true" />
      <span className="job-indicator__title">
        {first.title}
        {more}
      </span>
      <ProgressBar fraction={progressFraction(first)} label={`${first.title} progress`} compact />
    </div>
  );
}
