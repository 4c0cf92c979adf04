import { NotFoundError } from '../../../shared/errors/index.ts';
import { parseRule } from '../../../shared/rules/index.ts';
import { getRuleRoute, putRuleRoute } from '../../../shared/rules/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** Rule lists (docs/rules.md): read and replace a rule list's rule; each change queues `materialize:<listId>`. */
export const ruleListRoutes = [
  serve(putRuleRoute, async ({ params, body, caller, runtime }) => {
    const rule = parseRule(body.rule);
    const defined = await runtime.ruleLists.redefine(params.listId, rule, caller.subject);
    return { status: 200, body: { ...defined.list, rule: defined.definition.rule, jobId: defined.jobId } };
  }),
  serve(getRuleRoute, async ({ params, runtime }) => {
    const definition = await runtime.ruleLists.get(params.listId);
    if (!definition)
      throw new NotFoundError(`listId: ${params.listId} is not a rule list`, { field: 'listId' });
    return {
      status: 200,
      body: { listId: definition.listId, rule: definition.rule, inputs: definition.inputs },
    };
  }),
];
