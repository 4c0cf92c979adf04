import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { atMostBytes } from '../http/schemas.ts';
import { ruleBodySchema } from '../rules/schemas.ts';

/** Most recipient IDs one `POST /v1/lists/{listId}/members` may carry (add + remove). */
export const MAX_MEMBER_CHANGES = 10_000;

/**
 * A list ID in a path: segment lists are named after partner segments (`aam.4321`,
 * `aam.k=v` from a key-value trait, `aep.<uuid>`), so anything printable but `#`, `/` and spaces.
 */
export const listIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^#/\s\p{Cc}]+$/u, 'expected printable characters other than #, / and spaces');
/** `aam.` and `aep.` lists belong to segment ingest: the API may not create one ahead of it. */
const newListIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._:-]+$/, 'expected letters, digits, . _ : -')
  .refine(
    (id) => !/^(aam|aep)\./.test(id),
    'expected an ID not starting with aam. or aep. (reserved for segment ingest)',
  );
const recipientIdSchema = z
  .string()
  .min(1)
  .max(256)
  .refine(...atMostBytes(512));
const listParams = z.object({ listId: listIdSchema });
const createBody = z.strictObject({
  name: z.string().trim().min(1).max(256),
  listId: newListIdSchema.optional(),
  /** Makes a rule list (source `rule`, listId `rule.<uuid>` by default) materialised by its job. */
  rule: ruleBodySchema.optional(),
});
const membersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2048).optional(),
});
const changeBody = z
  .strictObject({
    add: z.array(recipientIdSchema).max(MAX_MEMBER_CHANGES).optional(),
    remove: z.array(recipientIdSchema).max(MAX_MEMBER_CHANGES).optional(),
  })
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) <= MAX_MEMBER_CHANGES, {
    message: `expected at most ${MAX_MEMBER_CHANGES} IDs in add and remove together`,
    path: ['add'],
  });

const listMeta = z.object({
  listId: z.string(),
  name: z.string(),
  source: z.string(),
  segmentId: z.string().optional(),
  size: z.number(),
  updatedAt: z.string(),
});

export const createListRoute = declareRoute({
  method: 'POST',
  path: '/v1/lists',
  scope: 'audiences:write',
  summary: 'Create a list (source api), or a rule list (source rule) when the body has a rule',
  body: createBody,
  response: listMeta,
});

export const listListsRoute = declareRoute({
  method: 'GET',
  path: '/v1/lists',
  scope: 'audiences:read',
  summary: 'Every list',
  response: z.object({ lists: z.array(listMeta) }),
});

export const getListRoute = declareRoute({
  method: 'GET',
  path: '/v1/lists/{listId}',
  scope: 'audiences:read',
  summary: 'One list',
  params: listParams,
  response: listMeta,
});

const historyPoint = z.object({
  at: z.string(),
  size: z.number(),
  matchRate: z
    .number()
    .meta({ description: 'of the IDs the drop added, the share that matched a recipient (0–1)' }),
});

/** `GET /v1/lists/{listId}/history`: size and match rate after each drop that committed the list. */
export const listHistoryRoute = declareRoute({
  method: 'GET',
  path: '/v1/lists/{listId}/history',
  scope: 'audiences:read',
  summary: "The list's size and match rate after each drop that changed it, oldest first (the last 100)",
  params: listParams,
  response: z.object({ points: z.array(historyPoint) }),
});

export const listMembersRoute = declareRoute({
  method: 'GET',
  path: '/v1/lists/{listId}/members',
  scope: 'audiences:read',
  summary: 'One page of committed members',
  params: listParams,
  query: membersQuery,
});

export const changeMembersRoute = declareRoute({
  method: 'POST',
  path: '/v1/lists/{listId}/members',
  scope: 'audiences:write',
  summary: 'Add and remove recipients (one versioned write)',
  params: listParams,
  body: changeBody,
});
