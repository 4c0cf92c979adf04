import pLimit from 'p-limit';
import type { IngestRun } from './IngestRun.ts';

/**
 * Commit: saves the last checkpoint, commits every list the drop wrote (a `full` file sweeps
 * the members it did not name first), adds each list's match-rate point, marks the object
 * applied (exactly once) and writes the rejected and unmatched files out. The job's totals.
 */
export async function commitDrop(run: IngestRun): Promise<{ added: number; removed: number }> {
  const { ports, applier, drop } = run;
  await run.saveCheckpoint(run.lastLine);
  const totals = await applier.commit();
  const history = pLimit(8);
  await Promise.all(
    [...run.context.listMatches]
      .filter(([listId]) => !applier.stale.has(listId))
      .map(([listId, counts]) => history(() => ports.lists.addHistory(listId, counts))),
  );
  await ports.ledger.applied.put(drop.key, drop.etag, run.job.jobId, ports.now());
  await run.closeFiles();
  return totals;
}
