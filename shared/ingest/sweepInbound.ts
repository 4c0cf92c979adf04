import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Runtime } from '../runtime/index.ts';
import { INBOUND_PREFIX } from './ingestDrop.ts';
import { SplitDrops } from './SplitDrops.ts';

/** Default wait for the missing parts of a split drop (24 h). */
export const SPLIT_DROP_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export interface SweepResult {
  /** Objects under `inbound/` that had no job (a lost notification): enqueued now. */
  enqueued: number;
  /** Parts of split drops still incomplete after the timeout: their jobs failed. */
  timedOut: number;
}

/**
 * The scheduled safety net: lists `inbound/` (paginated) and enqueues every object without a job
 * (S3 notifications can be lost), and fails the waiting parts of split drops incomplete after
 * `timeoutMs` with the reason. Idempotent: running it twice enqueues nothing new (a re-enqueued
 * drop that is already applied is answered `duplicate`).
 *
 * @example
 * await sweepInbound(runtime); // from the schedule handler
 */
export async function sweepInbound(
  runtime: Runtime,
  options: { timeoutMs?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { enqueued: 0, timedOut: 0 };
  let token: string | undefined;
  do {
    const page = await runtime.clients.s3.send(
      new ListObjectsV2Command({
        Bucket: runtime.config.bucket,
        Prefix: INBOUND_PREFIX,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (!key || key.endsWith('/')) continue;
      const job = await runtime.jobs.get(`ingest:${key}`);
      if (job) continue;
      await runtime.dispatcher.enqueueIngest({
        kind: 'drop',
        key,
        ...(object.ETag ? { etag: object.ETag.replace(/"/g, '') } : {}),
        ...(object.Size !== undefined ? { size: object.Size } : {}),
      });
      result.enqueued++;
    }
    token = page.NextContinuationToken;
  } while (token);

  const timeoutMs = options.timeoutMs ?? SPLIT_DROP_TIMEOUT_MS;
  const splitDrops = new SplitDrops(runtime.clients.ddb, runtime.config.table);
  const before = new Date(runtime.now().getTime() - timeoutMs).toISOString();
  for (const dropName of await splitDrops.seenBefore(before)) {
    const state = await splitDrops.get(dropName);
    if (SplitDrops.isComplete(state)) continue;
    const missing = state.control
      ? state.control.Files.filter((f) => !state.parts.has(f.FileName)).length
      : undefined;
    const message =
      missing === undefined
        ? `split drop incomplete after ${Math.round(timeoutMs / 60_000)} min: its .info control file never arrived`
        : `split drop incomplete after ${Math.round(timeoutMs / 60_000)} min: ${missing} of its files never arrived`;
    for (const part of state.parts.values()) {
      const failed = await runtime.jobs.transition(part.jobId, ['queued'], {
        status: 'failed',
        error: { code: 'format_error', message },
        updatedAt: runtime.now().toISOString(),
      });
      if (failed) result.timedOut++;
    }
  }
  return result;
}
