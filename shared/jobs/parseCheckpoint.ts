import * as z from 'zod';
import { parseStored } from '../stores/index.ts';
import type { Job } from './Job.ts';

/**
 * A job's checkpoint read through its pipeline's schema (pass `schema.optional()` when a job may
 * have none): a corrupt one is a CorruptRecordError naming the job and the field
 * (`checkpoint.linesDone`), where it is read rather than three calls later.
 *
 * @example
 * const resumed = parseCheckpoint(ingestCheckpointSchema.optional(), job);
 */
export function parseCheckpoint<T extends z.ZodType>(
  schema: T,
  job: Pick<Job, 'jobId' | 'checkpoint'>,
): z.output<T> {
  const stored = parseStored(
    z.object({ checkpoint: schema }),
    { checkpoint: job.checkpoint },
    `job ${job.jobId}`,
  );
  return (stored as { checkpoint: z.output<T> }).checkpoint;
}
