import * as z from 'zod';
import { type Job, parseCheckpoint } from '../jobs/index.ts';

const deliveredFileSchema = z.object({
  name: z.string(),
  location: z.string(),
  bytes: z.number().int().nonnegative(),
  md5: z.string(),
  attempts: z.number().int().positive(),
});

/**
 * Progress of a delivery, in its job record: which round (1, then one more per re-delivery), the
 * export's output keys, the files verified at the partner so far, and the one an attempt was
 * uploading when it stopped (a resumed attempt asks the partner whether it arrived before sending
 * it again: no file lost, none sent twice).
 */
export const deliveryCheckpointSchema = z.object({
  round: z.number().int().positive(),
  outputKeys: z.array(z.string()).min(1),
  delivered: z.array(deliveredFileSchema),
  inFlight: z.object({ name: z.string(), attempts: z.number().int().nonnegative() }).optional(),
});

export type DeliveryCheckpoint = z.output<typeof deliveryCheckpointSchema>;

/**
 * The checkpoint of a delivery job (a job without a valid one cannot be run): a missing or corrupt
 * one is a CorruptRecordError naming the job and field.
 */
export function parseDeliveryCheckpoint(job: Pick<Job, 'jobId' | 'checkpoint'>): DeliveryCheckpoint {
  return parseCheckpoint(deliveryCheckpointSchema, job);
}
