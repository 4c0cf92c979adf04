import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { sharedAudienceDefinitionSchema, sharedAudienceNameSchema } from './SharedAudience.ts';

const nameParams = z.object({ name: sharedAudienceNameSchema });

export const putSharedAudienceRoute = declareRoute({
  method: 'PUT',
  path: '/v1/shared-audiences/{name}',
  scope: 'audiences:write',
  summary: 'Create or replace a shared audience (the list, data source, format and mode of an export)',
  params: nameParams,
  body: sharedAudienceDefinitionSchema,
});

export const listSharedAudiencesRoute = declareRoute({
  method: 'GET',
  path: '/v1/shared-audiences',
  scope: 'audiences:read',
  summary: 'Every shared audience',
});

export const getSharedAudienceRoute = declareRoute({
  method: 'GET',
  path: '/v1/shared-audiences/{name}',
  scope: 'audiences:read',
  summary: 'One shared audience',
  params: nameParams,
});
