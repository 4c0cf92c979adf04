import * as z from 'zod';
import { auditEntrySchema, auditQuerySchema } from '../../../shared/audit/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';

/** `GET /v1/audit?date=YYYY-MM-DD&limit=&cursor=`: one UTC day of audit records, newest first (admin). */
export const auditRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/audit',
    scope: 'admin',
    summary: 'Audit records of one UTC day (who, what, when, outcome), newest first',
    query: auditQuerySchema,
    response: z.object({ entries: z.array(auditEntrySchema), cursor: z.string().optional() }),
    async handle({ query, runtime }) {
      const page = await runtime.audit.list({
        date: query.date,
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { status: 200, body: page };
    },
  }),
];
