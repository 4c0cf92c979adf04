import { createLineParser, type LineParser, ReceiptCounter } from '../formats/index.ts';
import { addReasons, type Job, type Receipt } from '../jobs/index.ts';
import type { BatchContext } from './BatchContext.ts';
import { BatchPipeline } from './BatchPipeline.ts';
import { batchContextOf } from './batchContextOf.ts';
import type { CheckedDrop } from './checkDrop.ts';
import { emptyCounters, type IngestCheckpoint, restoredCounters } from './IngestCheckpoint.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { MembershipApplier } from './MembershipApplier.ts';
import { mergeErrors } from './mergeErrors.ts';
import type { RejectedFile } from './RejectedLines.ts';

/**
 * One run of a drop's job once the drop is checked: where it resumes, its lists, line parser and
 * counters, its rejected and unmatched files, and its batch pipeline. The steps after the check
 * (stream, verify, commit, report) share it.
 */
export class IngestRun {
  /** Every line up to this one was applied by an earlier run (0: a fresh start). */
  readonly linesDone: number;
  /** The checkpoint this run resumes from. */
  readonly resumed: IngestCheckpoint | undefined;
  readonly applier: MembershipApplier;
  readonly parser: LineParser;
  readonly counter: ReceiptCounter;
  readonly rejected: RejectedFile;
  /** `receipts/<key>.unmatched.tsv`: each unmatched ID with its reason. */
  readonly unmatched: RejectedFile;
  readonly context: BatchContext;
  readonly pipeline: BatchPipeline;
  /** The last line read so far. */
  lastLine = 0;

  constructor(
    readonly ports: IngestPorts,
    readonly job: Job,
    readonly drop: CheckedDrop,
  ) {
    const { info } = drop;
    this.resumed = job.checkpoint as IngestCheckpoint | undefined;
    this.linesDone = this.resumed?.linesDone ?? 0;
    this.applier = new MembershipApplier(ports.lists, job.jobId, {
      full: info.mode === 'full' || info.mode === 'overwrite',
      ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
      resume: new Map((this.resumed?.lists ?? []).map((s) => [s.listId, s])),
    });
    this.parser = createLineParser(info);
    this.counter = new ReceiptCounter(info);
    this.rejected = ports.rejected.open(`rejected/${drop.key}.tsv`);
    this.unmatched = ports.rejected.open(`receipts/${drop.key}.unmatched.tsv`);
    this.context = batchContextOf(ports, job, drop, {
      applier: this.applier,
      counters: this.resumed ? restoredCounters(this.resumed.counters) : emptyCounters(),
      counter: this.counter,
      rejected: this.rejected,
      unmatched: this.unmatched,
    });
    this.pipeline = new BatchPipeline(this.context);
  }

  /** The receipt of what the run counted so far (lines, IDs, links, memberships). */
  receipt(): Receipt {
    const base = this.counter.toReceipt();
    const { counters } = this.context;
    const { added, removed } = this.applier.counts();
    return {
      ...base,
      recordsProcessed: base.recordsProcessed - counters.lateInvalid,
      invalidIds: base.invalidIds + counters.lateInvalid,
      unmatchedIds: base.unmatchedIds + counters.unmatchedIds,
      unmatched: addReasons(base.unmatched, counters.unmatched),
      idLinks: counters.idLinks,
      pendingMemberships: counters.pendingMemberships,
      membershipsAdded: added,
      membershipsRemoved: removed,
      errors: mergeErrors(base.errors, counters.errors),
      ...encodingWarnings(counters),
    };
  }

  /** Waits for the writes in flight, then saves every line up to `done` as applied. */
  async saveCheckpoint(done: number): Promise<void> {
    await this.pipeline.drain();
    const lists = await this.applier.checkpoint(done);
    const saved: IngestCheckpoint = {
      linesDone: done,
      counters: this.context.counters,
      lists,
      pendingVersion: Object.fromEntries(lists.map((s) => [s.listId, s.pendingVersion])),
    };
    const at = this.ports.now().toISOString();
    await this.ports.jobs.transition(this.job.jobId, ['running'], {
      status: 'running',
      checkpoint: saved as unknown as Record<string, unknown>,
      // What the console's progress bar shows: bytes of the object read so far, of `source.size`.
      progress: { lines: done, bytes: this.drop.digest.bytes, at },
      receipt: this.receipt(),
      updatedAt: at,
    });
  }

  /** Writes the rejected and unmatched files out. */
  async closeFiles(): Promise<void> {
    await this.rejected.close();
    await this.unmatched.close();
  }

  /** Gives the rejected and unmatched files up (the next run writes them whole). */
  async abortFiles(): Promise<void> {
    await this.rejected.abort();
    await this.unmatched.abort();
  }
}

/** Warnings about values not in their data source's encoding (counts only, never values). */
function encodingWarnings(counters: BatchContext['counters']): { warnings?: string[] } {
  const warnings: string[] = [];
  if (counters.hashedHere > 0) {
    warnings.push(
      `encoding: ${counters.hashedHere} values of a SHA-256 data source were not SHA-256 hex; hashed them (unhashedValues: hash)`,
    );
  }
  if (counters.unmatched.encodingMismatch > 0) {
    warnings.push(
      `encoding: ${counters.unmatched.encodingMismatch} IDs were not in their data source's encoding (not SHA-256 hex, or not decryptable with its key); counted as encodingMismatch`,
    );
  }
  return warnings.length > 0 ? { warnings } : {};
}
