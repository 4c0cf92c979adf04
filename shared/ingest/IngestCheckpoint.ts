import type { ReceiptError } from '../jobs/index.ts';
import type { ListWriteState } from '../lists/index.ts';

/** Counters the pipeline adds to the line counter's (restored on resume; no personal data). */
export interface PipelineCounters {
  unmatchedIds: number;
  idLinks: number;
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

export const emptyCounters = (): PipelineCounters => ({
  unmatchedIds: 0,
  idLinks: 0,
  lateInvalid: 0,
  errors: [],
});
