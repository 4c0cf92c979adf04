import { ForwardingJobStore } from './ForwardingJobStore.ts';
import { isFinished, type Job, type JobStatus } from './Job.ts';
import type { JobStore } from './JobStore.ts';
import { withWarnings } from './withWarnings.ts';

/**
 * The job store as every job's end is reported: a job that succeeds gets the warnings of its
 * receipt (why it applied nothing, if it did), and each job that ends is handed to `onEnd` (its
 * metrics). Every status change of every pipeline goes through `put` or `transition`, so this is the
 * one place that sees all of them; checkpoint saves (`running` → `running`) pass straight through.
 * A job finished by `transition` is reported from the record `transition` returns, never read again.
 *
 * @example
 * const jobs = new ReportingJobStore(new DynamoJobStore(ddb, table), (job) => recordJobMetrics(metrics, job));
 */
export class ReportingJobStore extends ForwardingJobStore {
  constructor(
    inner: JobStore,
    private readonly onEnd: (job: Job) => void,
  ) {
    super(inner);
  }

  override async put(job: Job): Promise<void> {
    const reported = job.status === 'succeeded' ? { ...job, receipt: withWarnings(job.receipt) } : job;
    await this.inner.put(reported);
    if (isFinished(job.status)) this.onEnd(reported);
  }

  override async transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<Job | undefined> {
    const reported =
      changes.status === 'succeeded' && changes.receipt
        ? { ...changes, receipt: withWarnings(changes.receipt) }
        : changes;
    const job = await this.inner.transition(jobId, from, reported);
    if (job && isFinished(job.status)) this.onEnd(job);
    return job;
  }
}
