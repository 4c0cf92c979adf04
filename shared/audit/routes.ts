import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { auditEntrySchema, auditQuerySchema } from './schemas.ts';

/** `GET /v1/audit?date=YYYY-MM-DD&limit=&cursor=`: one UTC day of audit records, newest first (admin). */
export const listAuditRoute = declareRoute({
  method: 'GET',
  path: '/v1/audit',
  scope: 'admin',
  summary: 'Audit records of one UTC day (who, what, when, outcome), newest first',
  query: auditQuerySchema,
  response: z.object({ entries: z.array(auditEntrySchema), cursor: z.string().optional() }),
});
