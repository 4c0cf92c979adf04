import { randomUUID } from 'node:crypto';
import type { Job } from '../jobs/index.ts';
import type { CheckedDrop } from './checkDrop.ts';
import { cutRanges } from './cutRanges.ts';
import type { RangePlan } from './DropRanges.ts';
import type { IngestPorts } from './IngestPorts.ts';

/**
 * Cut a big drop (docs/ingest.md, "One big drop over many workers"): a fresh job of a plain
 * `aam-outbound` drop larger than `ingestRangeBytes`, not a part of a split drop, is cut into byte
 * ranges at line boundaries, the plan stored on the job, and one message queued per range.
 * `planned` when it was; undefined when the drop is applied by this run as a whole.
 */
export async function planRanges(
  ports: IngestPorts,
  job: Job,
  drop: CheckedDrop,
): Promise<'planned' | undefined> {
  const { settings } = ports;
  const big =
    drop.size !== undefined && drop.size > settings.ingestRangeBytes && drop.size <= settings.maxDropBytes;
  if (!big || drop.gzip || drop.expected || job.checkpoint || drop.info.format !== 'aam-outbound')
    return undefined;
  const ranges = await cutRanges(drop.source, settings.ingestRangeBytes);
  const id = randomUUID();
  const { info } = drop;
  const plan: RangePlan = {
    id,
    holder: `${job.jobId}#${id}`,
    full: info.mode === 'full' || info.mode === 'overwrite',
    ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
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

/** Queues a message per range of the job's plan (again after a crash: a range done or running ignores it). */
export async function dispatchRanges(ports: IngestPorts, job: Job): Promise<void> {
  const plan = job.ranges;
  if (!plan) return;
  for (let range = 0; range < plan.ranges.length; range++)
    await ports.dispatcher.enqueueIngest({ kind: 'range', jobId: job.jobId, plan: plan.id, range });
}
