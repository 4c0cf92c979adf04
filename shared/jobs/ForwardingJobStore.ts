import type { Job, JobStatus } from './Job.ts';
import type { JobStore } from './JobStore.ts';

/**
 * A job store that forwards every call to another one: the base of the decorators that watch
 * status changes (reporting, audit), so each overrides only what it watches.
 *
 * @example
 * class CountingJobStore extends ForwardingJobStore {
 *   override async put(job: Job) { count++; await super.put(job); }
 * }
 */
export abstract class ForwardingJobStore implements JobStore {
  constructor(protected readonly inner: JobStore) {}

  get(jobId: string): Promise<Job | undefined> {
    return this.inner.get(jobId);
  }

  list(options: Parameters<JobStore['list']>[0]): ReturnType<JobStore['list']> {
    return this.inner.list(options);
  }

  listUnfinished(): Promise<Job[]> {
    return this.inner.listUnfinished();
  }

  put(job: Job): Promise<void> {
    return this.inner.put(job);
  }

  transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<Job | undefined> {
    return this.inner.transition(jobId, from, changes);
  }
}
