import { randomUUID } from 'node:crypto';
import type { Job } from '../jobs/index.ts';
import { isZlibError, plainBytes } from '../lines/index.ts';
import type { CheckedDrop } from './checkDrop.ts';
import { cutRanges, type DropRange } from './cutRanges.ts';
import type { RangePlan } from './DropRanges.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { readDrop } from './readDrop.ts';

/**
 * A gzip drop's size once decompressed is unknown before it is read: it is cut (a pass that
 * decompresses it) when its compressed size times this passes the range size. AAM outbound drops
 * shrink 2–4× (decimal IDs, repeated segment IDs); one that turns out to be a single range is
 * read again and applied whole (docs/ingest.md).
 */
const GZIP_RATIO = 4;

/**
 * Cut a big drop (docs/ingest.md, "One big drop over many workers"): a fresh job of an
 * `aam-outbound` drop larger than `ingestRangeBytes` (a gzip drop: once decompressed), not a part
 * of a split drop, is cut into byte ranges at line boundaries, the plan stored on the job, and one
 * message queued per range. `planned` when it was; else the drop to apply whole in this run (read
 * again when a cut pass read it), or `failed` (the object went away meanwhile).
 */
export async function planRanges(
  ports: IngestPorts,
  job: Job,
  drop: CheckedDrop,
): Promise<'planned' | 'failed' | CheckedDrop> {
  const ranges = await cutDrop(ports, job, drop);
  if (ranges === undefined) return drop;
  if (ranges === 'whole') return reopened(ports, job, drop);
  const id = randomUUID();
  const { info } = drop;
  const plan: RangePlan = {
    id,
    holder: `${job.jobId}#${id}`,
    full: info.mode === 'full' || info.mode === 'overwrite',
    ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
    ...(drop.gzip ? { gzip: true } : {}),
    ranges,
  };
  const moved = await ports.jobs.transition(job.jobId, ['running'], {
    status: 'running',
    ranges: plan,
    updatedAt: ports.now().toISOString(),
  });
  if (!moved) return 'planned';
  await dispatchRanges(ports, { ...job, ranges: plan });
  return 'planned';
}

/**
 * The drop's ranges; undefined when it is not cut (nothing read); `whole` when the cut pass read
 * it and found one range, more than `maxDropBytes` or corrupt gzip data (a whole read says so).
 */
async function cutDrop(
  ports: IngestPorts,
  job: Job,
  drop: CheckedDrop,
): Promise<DropRange[] | 'whole' | undefined> {
  const { ingestRangeBytes, maxDropBytes } = ports.settings;
  const size = drop.size ?? 0;
  const big = (drop.gzip ? size * GZIP_RATIO : size) > ingestRangeBytes && size <= maxDropBytes;
  if (!big || drop.expected || job.checkpoint || drop.info.format !== 'aam-outbound') return undefined;
  try {
    const ranges = await cutRanges(plainBytes(drop.source), ingestRangeBytes, maxDropBytes);
    return ranges && ranges.length > 1 ? ranges : 'whole';
  } catch (error) {
    if (isZlibError(error)) return 'whole';
    throw error;
  }
}

/** The drop opened again, for this run to apply whole. */
async function reopened(ports: IngestPorts, job: Job, drop: CheckedDrop): Promise<CheckedDrop | 'failed'> {
  drop.body.destroy();
  const opened = await readDrop(ports, job);
  return opened === 'failed' ? opened : { ...drop, ...opened };
}

/** Queues a message per range of the job's plan (again after a crash: a range done or running ignores it). */
export async function dispatchRanges(ports: IngestPorts, job: Job): Promise<void> {
  const plan = job.ranges;
  if (!plan) return;
  for (let range = 0; range < plan.ranges.length; range++)
    await ports.dispatcher.enqueueIngest({ kind: 'range', jobId: job.jobId, plan: plan.id, range });
}
