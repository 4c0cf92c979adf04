import * as z from 'zod';

/** `ingest:<object key>`, `export:<shared audience>:<ts>`, `materialize:<listId>`, `deliver:<export job ID>` or `rematch:<cause>`; printable, bounded. */
export const jobIdSchema = z
  .string()
  .min(1)
  .max(1100)
  .regex(
    /^(ingest|export|materialize|deliver|rematch):\P{Cc}+$/u,
    'expected ingest:<key>, export:<name>:<id>, materialize:<listId>, deliver:<export job ID> or rematch:<cause>',
  );

export const jobIdParams = z.object({ jobId: jobIdSchema });

export const jobListQuery = z.object({
  type: z.enum(['ingest', 'export', 'materialize', 'deliver', 'rematch']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
