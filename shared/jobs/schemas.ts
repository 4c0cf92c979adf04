import * as z from 'zod';

/** `ingest:<object key>` or `export:<shared audience>:<ts>`; printable, bounded. */
export const jobIdSchema = z
  .string()
  .min(1)
  .max(1100)
  .regex(/^(ingest|export):\P{Cc}+$/u, 'expected ingest:<key> or export:<name>:<id>');

export const jobIdParams = z.object({ jobId: jobIdSchema });

export const jobListQuery = z.object({
  type: z.enum(['ingest', 'export']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
