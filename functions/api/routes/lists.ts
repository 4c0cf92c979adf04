import * as z from 'zod';
import { NotFoundError, ValidationError } from '../../../shared/errors/index.ts';
import { atMostBytes, defineRoute } from '../../../shared/http/index.ts';
import { type MemberOp, publicMeta } from '../../../shared/lists/index.ts';

/** Most recipient IDs one `POST /v1/lists/{listId}/members` may carry (add + remove). */
export const MAX_MEMBER_CHANGES = 10_000;

/**
 * A list ID in a path: segment lists are named after partner segments (`aam.4321`,
 * `aam.k=v` from a key-value trait, `aep.<uuid>`), so anything printable but `#`, `/` and spaces.
 */
const listIdSchema = z
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
});
const membersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2048).optional(),
});
const changeBody = z
  .strictObject({ add: z.array(recipientIdSchema).optional(), remove: z.array(recipientIdSchema).optional() })
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

/** Lists API (CONTRACT.md): create, read, page members, change members through the versioned write path. */
export const listRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/lists',
    scope: 'audiences:write',
    summary: 'Create a list (source api)',
    body: createBody,
    response: listMeta,
    async handle({ body, runtime }) {
      const listId = body.listId ?? `api.${crypto.randomUUID()}`;
      const list = await runtime.lists.create({ listId, name: body.name, source: 'api' });
      return { status: 201, body: list };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/lists',
    scope: 'audiences:read',
    summary: 'Every list',
    response: z.object({ lists: z.array(listMeta) }),
    async handle({ runtime }) {
      return { status: 200, body: { lists: await runtime.lists.list() } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/lists/{listId}',
    scope: 'audiences:read',
    summary: 'One list',
    params: listParams,
    response: listMeta,
    async handle({ params, runtime }) {
      const list = await runtime.lists.get(params.listId);
      if (!list) throw new NotFoundError(`listId: no list ${params.listId}`, { field: 'listId' });
      return { status: 200, body: list };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/lists/{listId}/members',
    scope: 'audiences:read',
    summary: 'One page of committed members',
    params: listParams,
    query: membersQuery,
    async handle({ params, query, runtime }) {
      const page = await runtime.lists.members(params.listId, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { status: 200, body: page };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/lists/{listId}/members',
    scope: 'audiences:write',
    summary: 'Add and remove recipients (one versioned write)',
    params: listParams,
    body: changeBody,
    async handle({ params, body, runtime }) {
      const stored = await runtime.lists.getStored(params.listId);
      if (!stored) throw new NotFoundError(`listId: no list ${params.listId}`, { field: 'listId' });
      const add = body.add ?? [];
      const remove = body.remove ?? [];
      const adding = new Set(add);
      if (remove.some((id) => adding.has(id))) {
        throw new ValidationError('remove: an ID is also in add', { field: 'remove' });
      }
      // A member must be a recipient: an unknown ID would only surface later as an export's "without ID".
      const known = await runtime.identity.recipients.getMany([...adding]);
      const unknown = add.findIndex((id) => !known.has(id));
      if (unknown >= 0) {
        throw new ValidationError(`add.${unknown}: no recipient with this ID`, { field: `add.${unknown}` });
      }
      const ops: MemberOp[] = [
        ...add.map((recipientId) => ({ op: 'add' as const, member: { recipientId } })),
        ...remove.map((recipientId) => ({ op: 'remove' as const, member: { recipientId } })),
      ];
      const write = await runtime.lists.openWrite(params.listId, `api:${crypto.randomUUID()}`);
      try {
        await write.apply(ops);
      } catch (error) {
        await write.abort();
        throw error;
      }
      const counts = await write.commit();
      const list = await runtime.lists.getStored(params.listId);
      return {
        status: 200,
        body: {
          ...(list ? publicMeta(list) : publicMeta(stored)),
          added: counts.added,
          removed: counts.removed,
        },
      };
    },
  }),
];
