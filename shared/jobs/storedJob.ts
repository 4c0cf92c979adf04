import * as z from 'zod';
import { parseStored } from '../stores/index.ts';
import type { Job } from './Job.ts';
import { noUnmatched } from './Receipt.ts';

const count = z.number().int().min(0);

/** The receipt counters every reader adds up or shows; the optional fields pass through as stored. */
const storedReceipt = z.looseObject({
  format: z.string().nullable(),
  mode: z.string().nullable(),
  linesRead: count,
  recordsProcessed: count,
  formatErrors: count,
  invalidIds: count,
  unmatchedIds: count,
  // Both came with this round's receipts: jobs stored before them read as zero, not as corrupt.
  unmatched: z
    .object({ unknownId: count, noRecipient: count, blocked: count, forced: count, encodingMismatch: count })
    .default(noUnmatched),
  pendingMemberships: count.default(0),
  membershipsAdded: count,
  membershipsRemoved: count,
  idLinks: count,
  segments: z.array(z.string()),
  duplicate: z.boolean(),
  errors: z.array(z.object({ line: count, reason: z.string() })),
});

/** A job record as stored: its identity, state and receipt checked; what its pipeline owns passes through. */
const storedJob = z.looseObject({
  jobId: z.string().min(1),
  type: z.enum(['ingest', 'export', 'materialize', 'deliver', 'rematch']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  attempts: count,
  receipt: storedReceipt,
  checkpoint: z.record(z.string(), z.unknown()).optional(),
});

/** The job stored at `JOB#<jobId>`, checked on read (a corrupt record names its field). */
export function parseStoredJob(value: unknown, jobId: string): Job {
  return parseStored(storedJob, value, `job ${jobId}`) as Job;
}
