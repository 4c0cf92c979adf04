import { type IngestMessage, isFinished, type Job } from '../jobs/index.ts';
import { checkDrop } from './checkDrop.ts';
import type { RangeResult } from './DropRanges.ts';
import { finishRanges } from './finishRanges.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { IngestRun } from './IngestRun.ts';
import type { RunOutcome } from './runIngestJob.ts';
import { type RunClock, streamBatches } from './streamBatches.ts';
import { withJobRun } from './withJobRun.ts';

type RangeMessage = Extract<IngestMessage, { kind: 'range' }>;

/**
 * Applies one byte range of a big drop (docs/ingest.md, "One big drop over many workers"): its
 * lines go through the same steps as a whole drop's, from its own checkpoint, into the lists'
 * shared sessions; once they are applied its result is stored and the range counted done. The
 * range that completes the set finishes the drop (under the job's run lease).
 */
export async function runIngestRange(
  ports: IngestPorts,
  message: RangeMessage,
  clock: RunClock,
): Promise<RunOutcome | 'ignored'> {
  const job = await ports.jobs.get(message.jobId);
  const plan = job?.ranges;
  const range = plan?.ranges[message.range];
  if (!job || !plan || !range || plan.id !== message.plan || isFinished(job.status)) return 'ignored';
  const { ranges } = ports.ledger;
  const [result] = await ranges.results(job.jobId, plan.id, [message.range]);
  if (result)
    return finishWhenDone(ports, job, await ranges.finish(job.jobId, plan.id, message.range, result));
  const checked = await checkDrop(ports, job, { ...range, gzip: plan.gzip === true });
  if ('outcome' in checked) return checked.outcome;
  const run = new IngestRun(ports, job, checked.drop, {
    plan: plan.id,
    index: message.range,
    firstLine: range.firstLine,
    holder: plan.holder,
    resumed: await ranges.checkpoint(job.jobId, plan.id, message.range),
  });
  const streamed = await streamBatches(run, clock);
  if (streamed !== 'read') return streamed;
  // No last checkpoint: the result stored next supersedes it (a crash before resumes from the
  // previous one), and `resultOf` folds the lists' counters and renews their leases once.
  const done = await ranges.finish(job.jobId, plan.id, message.range, await resultOf(run));
  return finishWhenDone(ports, job, done);
}

async function finishWhenDone(ports: IngestPorts, job: Job, done: number): Promise<RunOutcome | 'ignored'> {
  if (done < (job.ranges?.ranges.length ?? 0)) return 'continued';
  const outcome = await withJobRun(ports.ledger.runLeases, job.jobId, () => finishRanges(ports, job));
  // Another range is finishing it right now (a redelivery): that run reports.
  return outcome === 'busy' ? 'continued' : outcome;
}

/** What the range leaves for the finisher: its counts, sessions and files. */
async function resultOf(run: IngestRun): Promise<RangeResult> {
  const rejected = await run.rejected.close();
  const unmatched = await run.unmatched.close();
  const lists = await run.applier.checkpoint(run.lastLine);
  return {
    receipt: run.receipt(),
    counters: run.context.counters,
    lists,
    stale: [...run.applier.stale],
    matches: [...run.context.listMatches],
    files: { ...(rejected ? { rejected } : {}), ...(unmatched ? { unmatched } : {}) },
  };
}
