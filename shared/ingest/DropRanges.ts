import type { Receipt } from '../jobs/index.ts';
import type { ListWriteState } from '../lists/index.ts';
import type { DropRange } from './cutRanges.ts';
import type { IngestCheckpoint, PipelineCounters } from './IngestCheckpoint.ts';

/** How a big drop was cut (on its job): each range is applied by its own invocation. */
export interface RangePlan {
  /** Unique per cut: a restarted drop cuts again, and messages of an older plan are ignored. */
  id: string;
  /** The list lease holder of every range: the drop's plan, never one range (docs/ingest.md). */
  holder: string;
  /** The drop replaces its lists (`full`), and its name timestamp (stale lists). */
  full: boolean;
  timestamp?: number;
  /** A gzip drop: ranges are of its decompressed bytes, each read from the object's start. */
  gzip?: boolean;
  ranges: DropRange[];
}

/** What a range leaves for the finisher once its lines are applied. */
export interface RangeResult {
  receipt: Receipt;
  counters: PipelineCounters;
  /** The sessions it wrote (every range of a list writes the same pending version). */
  lists: ListWriteState[];
  /** Lists skipped because a newer `full` was applied to them. */
  stale: string[];
  /** Per list: IDs added that matched a recipient, and those kept pending (history points). */
  matches: Array<[string, { matched: number; pending: number }]>;
  /** Its rejected and unmatched files, when it wrote them. */
  files: { rejected?: string; unmatched?: string };
}

/**
 * Per range of a ranged drop: its checkpoint (a crash resumes that range only), its result, and
 * the set of ranges done: the update that completes the set names the range that finishes the drop.
 */
export interface DropRanges {
  checkpoint(jobId: string, plan: string, range: number): Promise<IngestCheckpoint | undefined>;
  saveCheckpoint(jobId: string, plan: string, range: number, checkpoint: IngestCheckpoint): Promise<void>;
  /** Stores the result and counts the range done once (a redelivery does not count again); ranges done. */
  finish(jobId: string, plan: string, range: number, result: RangeResult): Promise<number>;
  /** The results of these ranges, in their order (undefined for a range not done). */
  results(jobId: string, plan: string, ranges: readonly number[]): Promise<Array<RangeResult | undefined>>;
}
