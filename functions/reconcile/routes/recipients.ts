import { NotFoundError } from '../../../shared/errors/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';
import { recipientIdParams, recipientInputSchema } from '../../../shared/recipients/index.ts';

/** `PUT|GET|DELETE /v1/recipients/{recipientId}`: profiles and the privacy delete. */
export const recipientRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/v1/recipients/{recipientId}',
    scope: 'identities:write',
    summary:
      'Create or replace a recipient; its email/phone become index IDs (409 if another recipient has them)',
    params: recipientIdParams,
    body: recipientInputSchema,
    async handle({ params, body, runtime }) {
      return { status: 200, body: await runtime.identity.recipients.put(params.recipientId, body) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/recipients/{recipientId}',
    scope: 'identities:read',
    summary: 'One recipient with its linked IDs',
    params: recipientIdParams,
    async handle({ params, runtime }) {
      const recipient = await runtime.identity.recipients.get(params.recipientId);
      if (!recipient) throw new NotFoundError('recipientId: no such recipient', { field: 'recipientId' });
      return { status: 200, body: recipient };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/recipients/{recipientId}',
    scope: 'identities:write',
    summary: 'Privacy delete: the recipient, every ID linked to it, its index entries and list memberships',
    params: recipientIdParams,
    async handle({ params, runtime }) {
      await runtime.identity.recipients.erase(params.recipientId);
      return { status: 204 };
    },
  }),
];
