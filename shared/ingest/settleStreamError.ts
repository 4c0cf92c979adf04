import { AppError, ConflictError } from '../errors/index.ts';
import { logger } from '../logging/index.ts';
import { failIngestJob } from './failIngestJob.ts';
import { failureReason } from './failureReason.ts';
import type { IngestRun } from './IngestRun.ts';
import { ResumeLostError } from './ResumeLostError.ts';

/**
 * How a failure while streaming ends the run, once no member write is in flight: a lost resume
 * starts over (`continued`), a busy list waits its turn (`waiting`), a mistake in the drop fails
 * the job with what was counted (`failed`); anything else is thrown, for the queue to retry.
 */
export async function settleStreamError(
  run: IngestRun,
  thrown: unknown,
): Promise<'continued' | 'waiting' | 'failed'> {
  const { ports, job } = run;
  // No clean-up while member writes are still in flight (a rollback could race them). A failed
  // write is of earlier lines than what failed while it was in flight: its error decides.
  const writeError: unknown = await run.pipeline.drain().then(
    () => undefined,
    (failure: unknown) => failure,
  );
  const error = writeError ?? thrown;
  if (writeError !== undefined && writeError !== thrown)
    logger.warn('ingest: later lines failed too', { jobId: job.jobId, reason: failureReason(thrown) });
  await run.abortFiles();
  run.drop.body.destroy();
  if (error instanceof ResumeLostError && run.range) {
    // A list's shared session was taken over: every range's writes to it are void. The drop is cut
    // again (a new plan, new sessions); messages of the old plan find it replaced and stop.
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: undefined,
      ranges: undefined,
      updatedAt: ports.now().toISOString(),
    });
    await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
    return 'continued';
  }
  if (error instanceof ResumeLostError) {
    // Start over from the first line; the fresh run rolls back what this job left pending.
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: undefined,
      updatedAt: ports.now().toISOString(),
    });
    await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
    return 'continued';
  }
  if (error instanceof ConflictError) {
    // A list is busy with another job: not this drop's fault, so the attempt is given back, and
    // the job waits its turn as a delayed message rather than a failed delivery (those are
    // bounded: a long job on the list would have the waiting drop dead-lettered).
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      // A range never counted an attempt (the job's own runs do).
      ...(run.range ? {} : { attempts: job.attempts - 1 }),
      updatedAt: ports.now().toISOString(),
    });
    await ports.dispatcher.enqueueIngest(run.again(), { delayed: true });
    logger.info('list busy: ingest job waits for its lease', { jobId: job.jobId });
    return 'waiting';
  }
  if (error instanceof AppError && error.expose) {
    await run.applier.abort();
    await failIngestJob(ports, job, { code: error.code, message: error.message }, run.receipt());
    return 'failed';
  }
  throw error;
}
