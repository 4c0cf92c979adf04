import { isControlFileKey } from '../formats/index.ts';
import { emptyReceipt, type IngestMessage, isFinished } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import { acceptControlFile } from './acceptControlFile.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { newIngestJob } from './newIngestJob.ts';
import { clockOf, type RunOptions, type RunOutcome, runIngestJob } from './runIngestJob.ts';
import { runIngestRange } from './runIngestRange.ts';
import { withJobRun } from './withJobRun.ts';

/** Prefix whose objects are drops (CONTRACT.md "Bucket layout"). */
export const INBOUND_PREFIX = 'inbound/';

export type IngestOutcome = RunOutcome | 'ignored' | 'duplicate';

const stripQuotes = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/**
 * Handles one ingest queue message: a drop (S3 notification, or re-enqueued by the sweep) or a
 * `continue` of a job that checkpointed. Exactly once: an object (key + ETag) already applied is
 * answered `duplicate` and not applied again; a job already finished is left alone; a job already
 * running elsewhere (a duplicate delivery) is checked back on later, never run twice at once. Throws only
 * for what must be retried (a dependency down, a list busy with another job).
 *
 * @example
 * await ingestDrop(ingestPortsOf(runtime), { kind: 'drop', key: 'inbound/S3_1_2_iter_1486140844000.sync' });
 */
export async function ingestDrop(
  ports: IngestPorts,
  message: IngestMessage,
  options: RunOptions = {},
): Promise<IngestOutcome> {
  if (message.kind === 'drop' && (!message.key.startsWith(INBOUND_PREFIX) || isControlFileKey(message.key)))
    return handle(ports, message, options);
  // A range of a big drop runs beside the other ranges of its job: its own run lease.
  const runId =
    message.kind === 'drop'
      ? `ingest:${message.key}`
      : message.kind === 'range'
        ? `${message.jobId}#${message.plan}#${message.range}`
        : message.jobId;
  const outcome = await withJobRun(ports.ledger.runLeases, runId, () =>
    message.kind === 'range'
      ? runIngestRange(ports, message, clockOf(ports, options))
      : handle(ports, message, options),
  );
  if (outcome !== 'busy') return outcome;
  // Another run of this job is alive (a duplicate delivery, or a new version of the object while
  // the old one is applied): hand the message back for later. A drop comes back marked, so that if
  // it turns out to be the very drop that run applied, its receipt is left alone.
  await ports.dispatcher.enqueueIngest(
    message.kind === 'drop' ? { ...message, redelivered: true } : message,
    { delayed: true },
  );
  logger.info('ingest job already running elsewhere; checking back later', { runId });
  return 'waiting';
}

async function handle(
  ports: IngestPorts,
  message: Exclude<IngestMessage, { kind: 'range' }>,
  options: RunOptions,
): Promise<IngestOutcome> {
  if (message.kind === 'continue') {
    const job = await ports.jobs.get(message.jobId);
    if (job?.type !== 'ingest' || isFinished(job.status)) return 'ignored';
    return runIngestJob(ports, job, options);
  }
  const { key } = message;
  if (!key.startsWith(INBOUND_PREFIX)) return 'ignored';
  const etag = stripQuotes(message.etag) || (await ports.drops.head(key));
  if (etag === undefined) return 'ignored'; // deleted since: nothing to ingest
  const jobId = `ingest:${key}`;
  const now = ports.now().toISOString();
  if (isControlFileKey(key)) return acceptControlFile(ports, newIngestJob(jobId, key, etag, now));

  const existing = await ports.jobs.get(jobId);
  if (
    existing &&
    existing.source?.etag === etag &&
    (existing.status === 'queued' || existing.status === 'running')
  ) {
    // Redelivered while in progress (or after a crash): continue from its checkpoint.
    return runIngestJob(ports, existing, options);
  }
  if (message.redelivered && existing?.status === 'succeeded' && existing.source?.etag === etag) {
    return 'ignored'; // applied by the run it waited for: not a second drop of the object
  }
  if (await ports.ledger.applied.has(key, etag)) {
    const base = existing?.receipt ?? emptyReceipt();
    const receipt = {
      ...emptyReceipt(base.format, base.mode),
      duplicate: true,
      skipped: 'duplicate' as const,
    };
    await ports.jobs.put({
      ...(existing ?? newIngestJob(jobId, key, etag, now)),
      status: 'succeeded',
      receipt,
      updatedAt: now,
    });
    logger.info('duplicate drop skipped', { jobId });
    return 'duplicate';
  }
  if (existing && existing.source?.etag === etag && existing.status === 'failed') return 'ignored';
  const job = newIngestJob(jobId, key, etag, now, existing?.createdAt);
  await ports.jobs.put(job);
  return runIngestJob(ports, job, options);
}
