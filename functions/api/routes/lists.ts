import { NotFoundError } from '../../../shared/errors/index.ts';
import { changeMembers, publicMeta } from '../../../shared/lists/index.ts';
import {
  changeMembersRoute,
  createListRoute,
  getListRoute,
  listHistoryRoute,
  listListsRoute,
  listMembersRoute,
} from '../../../shared/lists/routes.ts';
import { parseRule } from '../../../shared/rules/index.ts';
import { serve } from '../../middleware/Route.ts';

/** Lists API (CONTRACT.md): create, read, page members, change members through the versioned write path. */
export const listRoutes = [
  serve(createListRoute, async ({ body, caller, runtime }) => {
    if (body.rule !== undefined) {
      const listId = body.listId ?? `rule.${crypto.randomUUID()}`;
      const rule = parseRule(body.rule);
      const defined = await runtime.ruleLists.define({ listId, name: body.name, rule }, caller.subject);
      return { status: 201, body: { ...defined.list, rule: defined.definition.rule, jobId: defined.jobId } };
    }
    const listId = body.listId ?? `api.${crypto.randomUUID()}`;
    const list = await runtime.lists.create({ listId, name: body.name, source: 'api' });
    return { status: 201, body: list };
  }),
  serve(listListsRoute, async ({ runtime }) => {
    return { status: 200, body: { lists: await runtime.lists.list() } };
  }),
  serve(getListRoute, async ({ params, runtime }) => {
    const list = await runtime.lists.get(params.listId);
    if (!list) throw new NotFoundError(`listId: no list ${params.listId}`, { field: 'listId' });
    return { status: 200, body: list };
  }),
  serve(listHistoryRoute, async ({ params, runtime }) => {
    const list = await runtime.lists.getStored(params.listId);
    if (!list) throw new NotFoundError(`listId: no list ${params.listId}`, { field: 'listId' });
    return { status: 200, body: { points: list.history ?? [] } };
  }),
  serve(listMembersRoute, async ({ params, query, runtime, caller }) => {
    const page = await runtime.lists.members(params.listId, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    // An address-only member's address is personal data: only `identities:read` sees it.
    if (caller.scopes.has('identities:read')) return { status: 200, body: page };
    const members = page.members.map(({ address: _address, ...member }) => member);
    return { status: 200, body: { ...page, members } };
  }),
  serve(changeMembersRoute, async ({ params, body, runtime }) => {
    const change = { add: body.add ?? [], remove: body.remove ?? [] };
    const { list, added, removed } = await changeMembers(
      runtime.lists,
      runtime.identity.recipients,
      params.listId,
      change,
    );
    return { status: 200, body: { ...publicMeta(list), added, removed } };
  }),
];
