import * as z from 'zod';
import { type Job, parseCheckpoint } from '../jobs/index.ts';
import { sharedAudienceDefinitionSchema } from '../sharedAudiences/index.ts';

/** What an export job record carries besides its receipt (`job.checkpoint`), checked on read. */
const exportCheckpointSchema = z.looseObject({
  /** An inline export's definition (no stored shared audience, no snapshot). */
  definition: sharedAudienceDefinitionSchema.optional(),
  /** A mode asked for this run only (`full` on an incremental shared audience). */
  mode: z.enum(['full', 'incremental']).optional(),
});

export type ExportCheckpoint = z.output<typeof exportCheckpointSchema>;

/** The checkpoint of an export job (`{}` when it has none); a corrupt one names the job and field. */
export function parseExportCheckpoint(job: Pick<Job, 'jobId' | 'checkpoint'>): ExportCheckpoint {
  return parseCheckpoint(exportCheckpointSchema.optional(), job) ?? {};
}
