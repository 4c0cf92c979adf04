import { ConflictError } from '../errors/index.ts';
import type { Job } from '../jobs/index.ts';
import { checkDrop } from './checkDrop.ts';
import { commitDrop } from './commitDrop.ts';
import { failureReason } from './failureReason.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { IngestRun } from './IngestRun.ts';
import { dispatchRanges, planRanges } from './planRanges.ts';
import { reportDrop } from './reportDrop.ts';
import { startAttempt } from './startAttempt.ts';
import { type RunClock, streamBatches } from './streamBatches.ts';
import { verifyDrop } from './verifyDrop.ts';

export { MAX_INGEST_ATTEMPTS } from './startAttempt.ts';

/** Kept back from the Lambda's remaining time for the checkpoint and hand-over. */
const SAFETY_MS = 20_000;

/** How a run ended. */
export type RunOutcome = 'succeeded' | 'failed' | 'waiting' | 'continued';

export interface RunOptions {
  /** Milliseconds the invocation has left (Lambda `context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
}

/**
 * Runs (or resumes) one drop's job: S3 stream → lines → parser → IDs resolved and reconciled in
 * batches → membership deltas written per list → checkpoints → commit → receipt. Memory stays
 * flat (lines are pulled while at most one batch's writes are in flight). See docs/ingest.md.
 */
export async function runIngestJob(
  ports: IngestPorts,
  initial: Job,
  options: RunOptions = {},
): Promise<RunOutcome> {
  try {
    return await ingestSteps(ports, initial, clockOf(ports, options));
  } catch (error) {
    if (!(error instanceof ConflictError)) {
      // Retried by the queue: keep the reason on the job so its final failure can say it.
      await ports.jobs
        .transition(initial.jobId, ['running'], {
          status: 'running',
          error: { code: 'dependency_failed', message: failureReason(error) },
          updatedAt: ports.now().toISOString(),
        })
        .catch(() => undefined);
    }
    throw error;
  }
}

/** Start the attempt → check the drop → stream batches → verify → commit → report. */
async function ingestSteps(ports: IngestPorts, initial: Job, clock: RunClock): Promise<RunOutcome> {
  const job = await startAttempt(ports, initial);
  if (typeof job === 'string') return job;
  if (job.ranges) {
    // Cut already (this is a redelivery, or the run that cut crashed): its ranges carry on.
    await dispatchRanges(ports, job);
    return 'continued';
  }
  const checked = await checkDrop(ports, job);
  if ('outcome' in checked) return checked.outcome;
  const drop = await planRanges(ports, job, checked.drop);
  if (drop === 'planned') return 'continued';
  if (drop === 'failed') return drop;
  const run = new IngestRun(ports, job, drop);
  const streamed = await streamBatches(run, clock);
  if (streamed !== 'read') return streamed;
  if (await verifyDrop(run)) return 'failed';
  const totals = await commitDrop(run);
  await reportDrop(run, totals);
  return 'succeeded';
}

/** Out of time: past the run's time budget, or too close to the end of the invocation. */
export function clockOf(ports: IngestPorts, options: RunOptions): RunClock {
  const started = Date.now();
  const { remainingMs } = options;
  return {
    outOfTime: () =>
      Date.now() - started > ports.settings.timeBudgetMs ||
      (remainingMs !== undefined && remainingMs() < SAFETY_MS),
  };
}
