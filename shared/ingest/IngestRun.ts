import { createLineParser, type LineParser, ReceiptCounter } from '../formats/index.ts';
import { addReasons, type IngestMessage, type Job, type Receipt } from '../jobs/index.ts';
import type { BatchContext } from './BatchContext.ts';
import { BatchPipeline } from './BatchPipeline.ts';
import { batchContextOf } from './batchContextOf.ts';
import type { CheckedDrop } from './checkDrop.ts';
import {
  emptyCounters,
  type IngestCheckpoint,
  parseIngestCheckpoint,
  restoredCounters,
} from './IngestCheckpoint.ts';
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
  lastLine: number;
  /** Number of the first line this run reads (a range of a big drop starts mid-file). */
  readonly firstLine: number;

  /** `range`: one byte range of a big drop, resuming from its own checkpoint (docs/ingest.md). */
  constructor(
    readonly ports: IngestPorts,
    readonly job: Job,
    readonly drop: CheckedDrop,
    readonly range?: RunRange,
  ) {
    const { info } = drop;
    this.resumed = range ? range.resumed : parseIngestCheckpoint(job);
    this.firstLine = range?.firstLine ?? 1;
    this.linesDone = this.resumed?.linesDone ?? this.firstLine - 1;
    this.lastLine = this.linesDone;
    this.applier = new MembershipApplier(ports.lists, range?.holder ?? job.jobId, {
      full: info.mode === 'full' || info.mode === 'overwrite',
      ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
      resume: new Map((this.resumed?.lists ?? []).map((s) => [s.listId, s])),
      shared: range !== undefined,
    });
    this.parser = createLineParser(info);
    this.counter = new ReceiptCounter(info);
    const part = range ? `.range-${range.index}` : '';
    this.rejected = ports.rejected.open(`rejected/${drop.key}${part}.tsv`);
    this.unmatched = ports.rejected.open(`receipts/${drop.key}.unmatched${part}.tsv`);
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
    if (this.range) {
      await this.ports.ledger.ranges.saveCheckpoint(this.job.jobId, this.range.plan, this.range.index, saved);
      return;
    }
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

  /** The message that continues this run later (a job's `continue`, or the same range again). */
  again(): IngestMessage {
    const { range, job } = this;
    return range
      ? { kind: 'range', jobId: job.jobId, plan: range.plan, range: range.index }
      : { kind: 'continue', jobId: job.jobId };
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

/** Which range of a big drop a run applies, and under which plan. */
export interface RunRange {
  plan: string;
  index: number;
  firstLine: number;
  /** The list lease holder every range of the plan shares. */
  holder: string;
  resumed: IngestCheckpoint | undefined;
}

/** Warnings about values not in their data source's encoding (counts only, never values). */
export function encodingWarnings(counters: BatchContext['counters']): { warnings?: string[] } {
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
