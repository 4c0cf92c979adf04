import { dropOrderKey } from './dropOrderKey.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { INBOUND_PREFIX } from './ingestDrop.ts';
import { isSplitDropComplete } from './SplitDrops.ts';

/** Default wait for the missing parts of a split drop (24 h). */
export const SPLIT_DROP_TIMEOUT_MS = 24 * 60 * 60 * 1000;

interface FoundDrop {
  key: string;
  etag?: string;
  size?: number;
  timestamp: number;
}

export interface SweepResult {
  /**
   * Objects under `inbound/` that had no job (a lost notification) enqueued now; of several drops
   * of one destination, only the oldest (the rest wait for the next sweep).
   */
  enqueued: number;
  /** Parts of split drops still incomplete after the timeout: their jobs failed. */
  timedOut: number;
}

/**
 * The scheduled safety net: lists `inbound/` (paginated) and enqueues the objects without a job
 * (S3 notifications can be lost), drops of one destination one timestamp at a time, oldest first
 * (see {@link dropOrderKey}), and fails the waiting parts of split drops incomplete after
 * `timeoutMs` with the reason. Idempotent: running it twice enqueues nothing new (a re-enqueued
 * drop that is already applied is answered `duplicate`).
 *
 * @example
 * await sweepInbound(ingestPortsOf(runtime)); // from the schedule handler
 */
export async function sweepInbound(
  ports: IngestPorts,
  options: { timeoutMs?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { enqueued: 0, timedOut: 0 };
  const unordered: FoundDrop[] = [];
  const families = new Map<string, { waiting: FoundDrop[]; oldestUnfinished: number }>();
  for await (const page of ports.drops.list(INBOUND_PREFIX)) {
    for (const object of page) {
      const { key } = object;
      if (key.endsWith('/')) continue;
      const order = dropOrderKey(key);
      const job = await ports.jobs.get(`ingest:${key}`);
      if (job && !order) continue;
      const found: FoundDrop = { ...object, timestamp: order?.timestamp ?? 0 };
      if (!order) {
        unordered.push(found);
        continue;
      }
      let family = families.get(order.family);
      if (!family) {
        family = { waiting: [], oldestUnfinished: Number.POSITIVE_INFINITY };
        families.set(order.family, family);
      }
      if (!job) family.waiting.push(found);
      else if (job.status === 'queued' || job.status === 'running')
        family.oldestUnfinished = Math.min(family.oldestUnfinished, order.timestamp);
    }
  }

  // Drops of one destination found together are applied in their name-timestamp order: only the
  // oldest timestamp is enqueued, and only when no older drop of it is still in progress (a queue
  // gives no order); the next sweep takes the next one. Parts of one split drop share a timestamp.
  const toEnqueue = [...unordered];
  for (const family of families.values()) {
    if (family.waiting.length === 0) continue;
    const oldest = Math.min(...family.waiting.map((d) => d.timestamp));
    if (oldest > family.oldestUnfinished) continue;
    toEnqueue.push(...family.waiting.filter((d) => d.timestamp === oldest));
  }
  for (const { key, etag, size } of toEnqueue) {
    await ports.dispatcher.enqueueIngest({
      kind: 'drop',
      key,
      ...(etag ? { etag } : {}),
      ...(size !== undefined ? { size } : {}),
    });
    result.enqueued++;
  }

  const timeoutMs = options.timeoutMs ?? SPLIT_DROP_TIMEOUT_MS;
  const { splitDrops } = ports.ledger;
  const before = new Date(ports.now().getTime() - timeoutMs).toISOString();
  for (const dropName of await splitDrops.seenBefore(before)) {
    const state = await splitDrops.get(dropName);
    if (isSplitDropComplete(state)) continue;
    const missing = state.control
      ? state.control.Files.filter((f) => !state.parts.has(f.FileName)).length
      : undefined;
    const message =
      missing === undefined
        ? `split drop incomplete after ${Math.round(timeoutMs / 60_000)} min: its .info control file never arrived`
        : `split drop incomplete after ${Math.round(timeoutMs / 60_000)} min: ${missing} of its files never arrived`;
    for (const part of state.parts.values()) {
      const failed = await ports.jobs.transition(part.jobId, ['queued'], {
        status: 'failed',
        error: { code: 'format_error', message },
        updatedAt: ports.now().toISOString(),
      });
      if (failed) result.timedOut++;
    }
  }
  return result;
}
