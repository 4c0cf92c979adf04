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
  /** Sets the status (and optionally other fields) only if the current status is one of `from`; false if not. */
  transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<boolean>;
}
