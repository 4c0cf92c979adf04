import type { Receipt } from '../jobs/index.ts';
import { finishIngestJob } from './finishIngestJob.ts';
import type { IngestRun } from './IngestRun.ts';

/**
 * Report: the job succeeds with its receipt (also written to `receipts/`), the committed totals
 * in it; `skipped: stale` when every list it named had a newer `full` file applied already.
 */
export async function reportDrop(run: IngestRun, totals: { added: number; removed: number }): Promise<void> {
  const { applier } = run;
  const receipt: Receipt = {
    ...run.receipt(),
    membershipsAdded: totals.added,
    membershipsRemoved: totals.removed,
    ...(applier.listCount > 0 && applier.stale.size === applier.listCount
      ? { skipped: 'stale' as const }
      : {}),
  };
  await finishIngestJob(run.ports, run.job, receipt, run.drop.key, run.drop.etag);
}
