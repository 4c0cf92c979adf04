import type { Job, JobStatus, JobType } from './Job.ts';

/** Storage of job records. */
export interface JobStore {
  get(jobId: string): Promise<Job | undefined>;
  /** Writes the whole record (create or replace). */
  put(job: Job): Promise<void>;
  /** Most recent first. */
  list(options: {
    type?: JobType;
    limit: number;
    cursor?: string;
  }): Promise<{ jobs: Job[]; cursor?: string }>;
  /** Jobs left `queued` or `running` (crash recovery on start). */
  listUnfinished(): Promise<Job[]>;
  /**
   * Sets the status (and optionally other fields) only if the current status is one of `from`.
   * Returns the job as stored after the change, so a caller that needs the whole record (the
   * decorators that report or audit a finished job) does not read it again; `undefined` when
   * nothing changed (no such job, its status is not in `from`, or another writer changed it first).
   * Callers that only ask "did it move?" test the result as truthy/falsy.
   *
   * @example
   * const job = await jobs.transition(jobId, ['running'], { status: 'succeeded', receipt });
   * if (!job) return; // finished (or failed) meanwhile
   */
  transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<Job | undefined>;
}
