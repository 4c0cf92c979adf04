import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { mapOf } from '../http/schemas.ts';

/**
 * `POST /v1/exports`: `{sharedAudience, mode?}` or a definition inline; the handler tells the two
 * shapes apart, as each gives clearer messages checked on its own than as one union.
 */
export const startExportRoute = declareRoute({
  method: 'POST',
  path: '/v1/exports',
  scope: 'audiences:write',
  summary: 'Start an export of a shared audience (or of a definition given inline); 202 with the job ID',
  // Only a bound on the members here; the handler checks either shape in full.
  body: mapOf(z.unknown(), { maxEntries: 32, maxKeyChars: 64 }),
  response: z.object({ jobId: z.string() }),
});
