import pLimit from 'p-limit';
import type { Job } from '../jobs/index.ts';
import type { ListWriteState } from '../lists/index.ts';
import type { RangeResult } from './DropRanges.ts';
import { failIngestJob } from './failIngestJob.ts';
import { finishIngestJob } from './finishIngestJob.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { MembershipApplier } from './MembershipApplier.ts';
import { sumRangeReceipts } from './sumRangeReceipts.ts';

/**
 * Finish a drop applied in ranges, once every range is done: one receipt summing the ranges,
 * then (as `commitDrop` and `reportDrop` do for a whole drop) the `full` sweep, each list's counts
 * taken from the store, the commit, history points, the applied marker, the ranges' rejected and
 * unmatched files joined in range order, and the report. The counted lists are saved on the job
 * before any commit, so a finisher that crashed and runs again reports the same counts.
 */
export async function finishRanges(
  ports: IngestPorts,
  initial: Job,
): Promise<'succeeded' | 'failed' | 'ignored'> {
  const job = await ports.jobs.get(initial.jobId);
  const plan = job?.ranges;
  if (!job || !plan || plan.id !== initial.ranges?.id || job.status !== 'running') return 'ignored';
  const all = await ports.ledger.ranges.results(
    job.jobId,
    plan.id,
    plan.ranges.map((_, r) => r),
  );
  const results = all.filter((result): result is RangeResult => result !== undefined);
  if (results.length < all.length) return 'ignored';
  const receipt = sumRangeReceipts(results);
  const counted = (job.checkpoint?.lists as ListWriteState[] | undefined) ?? sessionsOf(results);
  const applier = new MembershipApplier(ports.lists, plan.holder, {
    full: plan.full,
    ...(plan.timestamp !== undefined ? { timestamp: plan.timestamp } : {}),
    resume: new Map(counted.map((state) => [state.listId, state])),
    shared: true,
  });
  await applier.openResumed();
  if (receipt.linesRead === 0) {
    await applier.abort();
    await failIngestJob(ports, job, { code: 'format_error', message: 'empty file: no data line' }, receipt);
    return 'failed';
  }
  if (!job.checkpoint) {
    await applier.count();
    const lists = await applier.checkpoint(0);
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: { lists },
      updatedAt: ports.now().toISOString(),
    });
  }
  const totals = await applier.commit();
  await addHistory(ports, results);
  const { key, etag = '' } = job.source ?? {};
  const objectKey = key ?? job.jobId.slice('ingest:'.length);
  await ports.ledger.applied.put(objectKey, etag, job.jobId, ports.now());
  await joinFiles(ports, objectKey, results);
  const stale = new Set(results.flatMap((result) => result.stale));
  const allStale = stale.size > 0 && counted.length === 0;
  await finishIngestJob(
    ports,
    job,
    {
      ...receipt,
      membershipsAdded: totals.added,
      membershipsRemoved: totals.removed,
      ...(allStale ? { skipped: 'stale' as const } : {}),
    },
    objectKey,
    etag,
  );
  return 'succeeded';
}

/**
 * Every list a range wrote, once (they share one pending version per list), asked to add (remove)
 * when any range was: the classes the count pass must count.
 */
function sessionsOf(results: readonly RangeResult[]): ListWriteState[] {
  const byList = new Map<string, ListWriteState>();
  for (const { lists } of results)
    for (const { adds, removes, ...state } of lists) {
      const seen = byList.get(state.listId);
      byList.set(state.listId, {
        ...state,
        epoch: 0,
        added: 0,
        removed: 0,
        ...(adds || seen?.adds ? { adds: true } : {}),
        ...(removes || seen?.removes ? { removes: true } : {}),
      });
    }
  return [...byList.values()];
}

/** One match-rate point per list, summed over the ranges. */
async function addHistory(ports: IngestPorts, results: readonly RangeResult[]): Promise<void> {
  const stale = new Set(results.flatMap((result) => result.stale));
  const sums = new Map<string, { matched: number; pending: number }>();
  for (const { matches } of results)
    for (const [listId, counts] of matches) {
      const sum = sums.get(listId) ?? { matched: 0, pending: 0 };
      sums.set(listId, { matched: sum.matched + counts.matched, pending: sum.pending + counts.pending });
    }
  const limit = pLimit(8);
  await Promise.all(
    [...sums]
      .filter(([listId]) => !stale.has(listId))
      .map(([listId, counts]) => limit(() => ports.lists.addHistory(listId, counts))),
  );
}

/** The ranges' rejected and unmatched files, joined in range order into the drop's own. */
async function joinFiles(ports: IngestPorts, key: string, results: readonly RangeResult[]): Promise<void> {
  const parts = (kind: 'rejected' | 'unmatched') =>
    results.flatMap((result) => (result.files[kind] ? [result.files[kind]] : []));
  await ports.rejected.join(`rejected/${key}.tsv`, parts('rejected'));
  await ports.rejected.join(`receipts/${key}.unmatched.tsv`, parts('unmatched'));
}
