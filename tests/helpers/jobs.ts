/**
 * @file A `Job` DTO for tests: a running import with nothing done yet, overridden field by field.
 */
import type { Job } from '../../src-main/contract';

export function makeJob(over: Partial<Job> = {}): Job {
  return {
    id: 1,
    kind: 'import',
    requestId: null,
    state: 'running',
    title: 'Import a.json',
    done: 0,
    total: null,
    unit: 'bytes',
    rate: null,
    etaSeconds: null,
    message: null,
    error: null,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}
