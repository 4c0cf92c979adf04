import type { Job, JobStatus } from './Job.ts';
import type { JobStore } from './JobStore.ts';
import { withWarnings } from './withWarnings.ts';

const isEnd = (status: JobStatus) => status === 'succeeded' || status === 'failed';

/**
 * The job store as every job's end is reported: a job that succeeds gets the warnings of its
 * receipt (why it applied nothing, if it did), and each job that ends is handed to `onEnd` (its
 * metrics). Every status change of every pipeline goes through `put` or `transition`, so this is the
 * one place that sees all of them; checkpoint saves (`running` → `running`) pass straight through.
 *
 * @example
 * const jobs = new ReportingJobStore(new DynamoJobStore(ddb, table), (job) => recordJobMetrics(metrics, job));
 */
export class ReportingJobStore implements JobStore {
  constructor(
    private readonly inner: JobStore,
    private readonly onEnd: (job: Job) => void,
  ) {}

  get(jobId: string): Promise<Job | undefined> {
    return this.inner.get(jobId);
  }

  list(options: Parameters<JobStore['list']>[0]): ReturnType<JobStore['list']> {
    return this.inner.list(options);
  }

  listUnfinished(): Promise<Job[]> {
    return this.inner.listUnfinished();
  }

  async put(job: Job): Promise<void> {
    const reported = job.status === 'succeeded' ? { ...job, receipt: withWarnings(job.receipt) } : job;
    await this.inner.put(reported);
    if (isEnd(job.status)) this.onEnd(reported);
  }

  async transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<boolean> {
    const reported =
      changes.status === 'succeeded' && changes.receipt
        ? { ...changes, receipt: withWarnings(changes.receipt) }
        : changes;
    const moved = await this.inner.transition(jobId, from, reported);
    if (moved && isEnd(changes.status)) {
      const job = await this.inner.get(jobId);
      if (job) this.onEnd(job);
    }
    return moved;
  }
}
