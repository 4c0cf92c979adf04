import * as z from 'zod';

/** A real calendar day, `YYYY-MM-DD` (UTC), as the audit partitions are named. */
export const auditDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
  }, 'expected a real calendar date');

/** Query of `GET /v1/audit`. */
export const auditQuerySchema = z.strictObject({
  date: auditDateSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});

/** One audit record as the API answers it. */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  fields: z.array(z.string()).optional(),
  outcome: z.union([z.number(), z.string()]),
});
