import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { isControlFileKey, parseControlFile } from '../formats/index.ts';
import { emptyReceipt, type IngestMessage, isFinished, type Job } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { appliedMarker } from './appliedMarker.ts';
import { type RunOptions, type RunOutcome, runIngestJob } from './runIngestJob.ts';
import { SplitDrops } from './SplitDrops.ts';
import { withJobRun } from './withJobRun.ts';

/** Prefix whose objects are drops (CONTRACT.md "Bucket layout"). */
export const INBOUND_PREFIX = 'inbound/';

export type IngestOutcome = RunOutcome | 'ignored' | 'duplicate';

const stripQuotes = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** The split-drop group of a `.info`: its folder and the data files' `dropName` (its key without `.info`). */
function dropNameOfControl(key: string): string {
  return key.replace(/\.info$/i, '');
}

/**
 * Handles one ingest queue message: a drop (S3 notification, or re-enqueued by the sweep) or a
 * `continue` of a job that checkpointed. Exactly once: an object (key + ETag) already applied is
 * answered `duplicate` and not applied again; a job already finished is left alone; a job already
 * running elsewhere (a duplicate delivery) is checked back on later, never run twice at once. Throws only
 * for what must be retried (a dependency down, a list busy with another job).
 *
 * @example
 * await ingestDrop(runtime, { kind: 'drop', key: 'inbound/S3_1_2_iter_1486140844000.sync' });
 */
export async function ingestDrop(
  runtime: Runtime,
  message: IngestMessage,
  options: RunOptions = {},
): Promise<IngestOutcome> {
  const jobId = message.kind === 'continue' ? message.jobId : `ingest:${message.key}`;
  if (message.kind === 'drop' && (!message.key.startsWith(INBOUND_PREFIX) || isControlFileKey(message.key)))
    return handle(runtime, message, options);
  const outcome = await withJobRun(runtime, jobId, () => handle(runtime, message, options));
  if (outcome !== 'busy') return outcome;
  // Another run of this job is alive (a duplicate delivery, or a new version of the object while
  // the old one is applied): hand the message back for later. A drop comes back marked, so that if
  // it turns out to be the very drop that run applied, its receipt is left alone.
  await runtime.dispatcher.enqueueIngest(
    message.kind === 'drop' ? { ...message, redelivered: true } : message,
    { delayed: true },
  );
  logger.info('ingest job already running elsewhere; checking back later', { jobId });
  return 'waiting';
}

async function handle(runtime: Runtime, message: IngestMessage, options: RunOptions): Promise<IngestOutcome> {
  if (message.kind === 'continue') {
    const job = await runtime.jobs.get(message.jobId);
    if (job?.type !== 'ingest' || isFinished(job.status)) return 'ignored';
    return runIngestJob(runtime, job, options);
  }
  const { key } = message;
  if (!key.startsWith(INBOUND_PREFIX)) return 'ignored';
  let etag = stripQuotes(message.etag);
  if (!etag) {
    try {
      const head = await runtime.clients.s3.send(
        new HeadObjectCommand({ Bucket: runtime.config.bucket, Key: key }),
      );
      etag = stripQuotes(head.ETag);
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return 'ignored'; // deleted since: nothing to ingest
      throw error;
    }
  }
  const jobId = `ingest:${key}`;
  const now = runtime.now().toISOString();
  if (isControlFileKey(key)) return acceptControlFile(runtime, key, etag, jobId, now);

  const existing = await runtime.jobs.get(jobId);
  if (
    existing &&
    existing.source?.etag === etag &&
    (existing.status === 'queued' || existing.status === 'running')
  ) {
    // Redelivered while in progress (or after a crash): continue from its checkpoint.
    return runIngestJob(runtime, existing, options);
  }
  if (message.redelivered && existing?.status === 'succeeded' && existing.source?.etag === etag) {
    return 'ignored'; // applied by the run it waited for: not a second drop of the object
  }
  if (await appliedMarker.has(runtime.clients.ddb, runtime.config.table, key, etag)) {
    const base = existing?.receipt ?? emptyReceipt();
    const receipt = {
      ...emptyReceipt(base.format, base.mode),
      duplicate: true,
      skipped: 'duplicate' as const,
    };
    await runtime.jobs.put({
      ...(existing ?? newJob(jobId, key, etag, now)),
      status: 'succeeded',
      receipt,
      updatedAt: now,
    });
    logger.info('duplicate drop skipped', { jobId });
    return 'duplicate';
  }
  if (existing && existing.source?.etag === etag && existing.status === 'failed') return 'ignored';
  const job = newJob(jobId, key, etag, now, existing?.createdAt);
  await runtime.jobs.put(job);
  return runIngestJob(runtime, job, options);
}

function newJob(jobId: string, key: string, etag: string, now: string, createdAt?: string): Job {
  return {
    jobId,
    type: 'ingest',
    status: 'queued',
    createdAt: createdAt ?? now,
    updatedAt: now,
    receipt: emptyReceipt(),
    attempts: 0,
    startedBy: 's3',
    source: { key, etag },
  };
}

/** A `.info` control file: recorded for its split drop; completes it when every part is there. */
async function acceptControlFile(
  runtime: Runtime,
  key: string,
  etag: string,
  jobId: string,
  now: string,
): Promise<IngestOutcome> {
  const job = newJob(jobId, key, etag, now);
  const out = await runtime.clients.s3.send(
    new GetObjectCommand({ Bucket: runtime.config.bucket, Key: key }),
  );
  const text = (await out.Body?.transformToString('utf8')) ?? '';
  const control = parseControlFile(text);
  if ('error' in control) {
    await runtime.jobs.put({
      ...job,
      status: 'failed',
      error: { code: 'format_error', message: control.error },
    });
    return 'failed';
  }
  const splitDrops = new SplitDrops(runtime.clients.ddb, runtime.config.table);
  const dropName = dropNameOfControl(key);
  const conflict = await splitDrops.recordControl(dropName, key, control, runtime.now());
  if (conflict) {
    // First one wins; both jobs say so, so whoever reads either learns of the other.
    const message = `control file: a different .info for this drop arrived first (${conflict.winner})`;
    const winner = await runtime.jobs.get(`ingest:${conflict.winner}`);
    if (winner)
      await runtime.jobs.transition(winner.jobId, [winner.status], {
        status: winner.status,
        receipt: {
          ...winner.receipt,
          warnings: [
            ...(winner.receipt.warnings ?? []),
            `control file: a later, different .info was refused (${key})`,
          ],
        },
        updatedAt: now,
      });
    const error = { code: 'conflict', message };
    await runtime.jobs.put({ ...job, status: 'failed', error, receipt: { ...job.receipt, failure: error } });
    return 'failed';
  }
  const state = await splitDrops.get(dropName);
  const waiting = [...state.parts.values()];
  await runtime.jobs.put({
    ...job,
    status: 'succeeded',
    receipt: { ...emptyReceipt(), warnings: [`control file: ${control.Files.length} data files listed`] },
  });
  if (SplitDrops.isComplete(state)) {
    for (const part of waiting) {
      const other = await runtime.jobs.get(part.jobId);
      if (other?.status === 'queued')
        await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId: part.jobId });
    }
  }
  return 'succeeded';
}
