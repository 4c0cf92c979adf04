import * as z from 'zod';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { checkDefinition, exportSourcesOf } from '../../../shared/exports/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';
import {
  type SharedAudience,
  sharedAudienceDefinitionSchema,
  sharedAudienceNameSchema,
} from '../../../shared/sharedAudiences/index.ts';

const nameParams = z.object({ name: sharedAudienceNameSchema });

/** What the API shows of a shared audience: the definition plus the last published export. */
function view(audience: SharedAudience) {
  const { snapshot, ...rest } = audience;
  return { ...rest, lastExportJobId: snapshot.jobId ?? null };
}

export const sharedAudienceRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/v1/shared-audiences/{name}',
    scope: 'audiences:write',
    summary: 'Create or replace a shared audience (the list, data source, format and mode of an export)',
    params: nameParams,
    body: sharedAudienceDefinitionSchema,
    async handle({ params, body, runtime }) {
      await checkDefinition(exportSourcesOf(runtime), body);
      const saved = await runtime.sharedAudiences.put(params.name, body, runtime.now().toISOString());
      return { status: 200, body: view(saved) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/shared-audiences',
    scope: 'audiences:read',
    summary: 'Every shared audience',
    async handle({ runtime }) {
      const all = await runtime.sharedAudiences.list();
      return { status: 200, body: { sharedAudiences: all.map(view) } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/shared-audiences/{name}',
    scope: 'audiences:read',
    summary: 'One shared audience',
    params: nameParams,
    async handle({ params, runtime }) {
      const audience = await runtime.sharedAudiences.get(params.name);
      if (!audience) throw new NotFoundError('name: no such shared audience', { field: 'name' });
      return { status: 200, body: view(audience) };
    },
  }),
];
