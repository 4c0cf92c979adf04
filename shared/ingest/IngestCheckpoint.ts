import { noUnmatched, type ReceiptError, type UnmatchedReasons } from '../jobs/index.ts';
import type { ListWriteState } from '../lists/index.ts';

/** Counters the pipeline adds to the line counter's (restored on resume; no personal data). */
export interface PipelineCounters {
  unmatchedIds: number;
  /** `unmatchedIds` by reason (blocked values the line counter saw are its own). */
  unmatched: UnmatchedReasons;
  /** Plain values a SHA-256 source hashed for the partner (`unhashedValues: 'hash'`): a warning. */
  hashedHere: number;
  idLinks: number;
  /** Memberships kept pending (per ID and list) for IDs that matched nobody. */
  pendingMemberships: number;
  /** Parsed lines refused after parsing (reconciler `invalid`/`blocked`, refused recipients). */
  lateInvalid: number;
  errors: ReceiptError[];
}

/** What a job saves every `checkpointLines` lines and when its time budget runs out. */
export interface IngestCheckpoint {
  /** Every line up to this one is applied (its writes done). */
  linesDone: number;
  counters: PipelineCounters;
  /** The pending version and counters of each list the job writes. */
  lists: ListWriteState[];
  /** `listId → pending version`, for operators reading the job. */
  pendingVersion: Record<string, number>;
}

/** The counters of a checkpoint, with the ones it predates at zero. */
export const restoredCounters = (saved: PipelineCounters): PipelineCounters => {
  const fresh = emptyCounters();
  return { ...fresh, ...structuredClone(saved), unmatched: { ...fresh.unmatched, ...saved.unmatched } };
};

export const emptyCounters = (): PipelineCounters => ({
  unmatchedIds: 0,
  unmatched: noUnmatched(),
  hashedHere: 0,
  idLinks: 0,
  pendingMemberships: 0,
  lateInvalid: 0,
  errors: [],
});
