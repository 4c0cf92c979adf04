import * as z from 'zod';
import {
  type Job,
  noUnmatched,
  parseCheckpoint,
  type ReceiptError,
  type UnmatchedReasons,
} from '../jobs/index.ts';
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

const count = z.number().int().min(0);

/**
 * A checkpoint as stored: what a resume relies on is checked (loose: fields added later pass
 * through); counters a checkpoint predates read as zero, as `restoredCounters` gives them.
 */
const storedIngestCheckpoint = z.looseObject({
  linesDone: count,
  counters: z.looseObject({
    unmatchedIds: count.default(0),
    unmatched: z
      .object({
        unknownId: count.default(0),
        noRecipient: count.default(0),
        blocked: count.default(0),
        forced: count.default(0),
        encodingMismatch: count.default(0),
      })
      .default(noUnmatched),
    hashedHere: count.default(0),
    idLinks: count.default(0),
    pendingMemberships: count.default(0),
    lateInvalid: count.default(0),
    errors: z.array(z.object({ line: count, reason: z.string() })).default([]),
  }),
  lists: z.array(
    z.looseObject({
      listId: z.string().min(1),
      pendingVersion: z.number().int().positive(),
      epoch: count,
      added: count,
      removed: count,
    }),
  ),
  pendingVersion: z.record(z.string(), z.number().int()),
});

/** The checkpoint an ingest job saved (`undefined`: none yet), checked on read. */
export function parseIngestCheckpoint(job: Pick<Job, 'jobId' | 'checkpoint'>): IngestCheckpoint | undefined {
  return parseCheckpoint(storedIngestCheckpoint.optional(), job);
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
