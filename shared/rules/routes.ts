import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { listIdSchema } from '../lists/routes.ts';
import { ruleBodySchema } from './schemas.ts';

const listParams = z.object({ listId: listIdSchema });

export const putRuleRoute = declareRoute({
  method: 'PUT',
  path: '/v1/lists/{listId}/rule',
  scope: 'audiences:write',
  summary: "Replace a rule list's rule (re-materialised in full by job materialize:<listId>)",
  params: listParams,
  body: z.strictObject({ rule: ruleBodySchema }),
});

export const getRuleRoute = declareRoute({
  method: 'GET',
  path: '/v1/lists/{listId}/rule',
  scope: 'audiences:read',
  summary: "A rule list's rule and the lists it reads",
  params: listParams,
  response: z.object({ listId: z.string(), rule: ruleBodySchema, inputs: z.array(z.string()) }),
});
