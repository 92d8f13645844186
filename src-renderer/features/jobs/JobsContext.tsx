/**
 * @file Keeps the client's job map for the whole app: seeded from `jobs.list` when a project is
 * open, then updated by every `jobs.progress` event. The top bar's indicator and the import
 * dialog read it through `useJobs()`.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { useEvent } from '../../api/hooks';
import { applyJob, applyJobs, type JobMap } from './model/jobs';

const JobsContext = createContext<JobMap>(new Map());

export function JobsProvider({ projectPath, children }: { projectPath: string | null; children: ReactNode }) {
  const { client } = useApi();
  const [jobs, setJobs] = useState<JobMap>(new Map());
  useEvent('jobs.progress', (job) => setJobs((current) => applyJob(current, job)));
  useEffect(() => {
    if (projectPath === null) return undefined;
    let current = true;
    client.call('jobs.list', { limit: 50 }).then(
      ({ items }) => current && setJobs((known) => applyJobs(known, items)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, projectPath]);
  return <JobsContext.Provider value={jobs}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobMap {
  return useContext(JobsContext);
}
