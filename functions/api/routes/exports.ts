import * as z from 'zod';
import { fromZodError } from '../../../shared/errors/index.ts';
import { type ExportRequest, startExport } from '../../../shared/exports/index.ts';
import { startExportRoute } from '../../../shared/exports/routes.ts';
import {
  sharedAudienceDefinitionSchema,
  sharedAudienceNameSchema,
} from '../../../shared/sharedAudiences/index.ts';
import { exportPortsOf } from '../../exportPorts.ts';
import { serve } from '../../middleware/Route.ts';

const storedExport = z.strictObject({
  sharedAudience: sharedAudienceNameSchema,
  mode: z.enum(['full', 'incremental']).optional(),
});
const inlineName = z.object({ name: sharedAudienceNameSchema.default('inline') });

/** `{sharedAudience, mode?}`, or a shared audience's fields inline (with an optional `name`). */
function parseRequest(body: Record<string, unknown>): ExportRequest {
  if ('sharedAudience' in body) {
    const parsed = storedExport.safeParse(body);
    if (!parsed.success) throw fromZodError(parsed.error, 'body');
    return parsed.data;
  }
  const { name: rawName, ...fields } = body;
  const named = inlineName.safeParse({ name: rawName });
  if (!named.success) throw fromZodError(named.error, 'body');
  const definition = sharedAudienceDefinitionSchema.safeParse(fields);
  if (!definition.success) throw fromZodError(definition.error, 'body');
  return { name: named.data.name, definition: definition.data };
}

export const exportRoutes = [
  serve(startExportRoute, async ({ body, caller, runtime }) => {
    const { jobId } = await startExport(exportPortsOf(runtime), parseRequest(body), caller.subject);
    return { status: 202, body: { jobId } };
  }),
];
