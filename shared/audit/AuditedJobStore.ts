import { ForwardingJobStore, isFinished, type Job, type JobStatus, type JobStore } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { AuditStore } from './AuditStore.ts';

type JobEvent = 'job.queue' | 'job.start' | 'job.end';

/**
 * The job store with an audit hook. Every job status change goes through `JobStore.put` or
 * `JobStore.transition` (ingest, export, the sweep and the local stack's dead-letter path), so
 * this decorator is the one place that sees each job queued, started (each attempt: a move to
 * `running` from `queued`) and ended (`succeeded`/`failed`), without touching the pipelines.
 * Checkpoint saves (`running` → `running`) are not recorded. The entry is built from the record
 * `transition` returns, so auditing costs no read of the job.
 *
 * The actor is the job's `startedBy`: the token subject of an API-started export, `s3` for a drop,
 * `schedule` for a scheduled export. Auditing is best effort here: the status change has already
 * happened, so a failed audit write is logged (without personal data) and never fails the job.
 *
 * @example
 * const jobs = new AuditedJobStore(new DynamoJobStore(ddb, table), audit, () => new Date());
 */
export class AuditedJobStore extends ForwardingJobStore {
  constructor(
    inner: JobStore,
    private readonly audit: AuditStore,
    private readonly now: () => Date,
  ) {
    super(inner);
  }

  override async put(job: Job): Promise<void> {
    await this.inner.put(job);
    const event: JobEvent = isFinished(job.status)
      ? 'job.end'
      : job.status === 'running'
        ? 'job.start'
        : 'job.queue';
    await this.note(event, job);
  }

  override async transition(
    jobId: string,
    from: readonly JobStatus[],
    changes: Partial<Job> & { status: JobStatus },
  ): Promise<Job | undefined> {
    const job = await this.inner.transition(jobId, from, changes);
    if (!job) return job;
    const event: JobEvent | undefined = isFinished(job.status)
      ? 'job.end'
      : job.status === 'running' && from.includes('queued')
        ? 'job.start'
        : undefined;
    if (event) await this.note(event, job);
    return job;
  }

  private async note(action: JobEvent, job: Pick<Job, 'jobId' | 'status'> & { startedBy?: string }) {
    try {
      await this.audit.record({
        actor: job.startedBy ?? 'system',
        action,
        target: job.jobId,
        outcome: job.status,
        at: this.now().toISOString(),
      });
    } catch (error) {
      logger.error('audit record failed', { action, jobId: job.jobId, error });
    }
  }
}
