import { listAuditRoute } from '../../../shared/audit/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `GET /v1/audit`: one UTC day of audit records, newest first (admin). */
export const auditRoutes = [
  serve(listAuditRoute, async ({ query, runtime }) => {
    const page = await runtime.audit.list({
      date: query.date,
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { status: 200, body: page };
  }),
];
