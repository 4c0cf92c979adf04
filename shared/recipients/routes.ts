import { declareRoute } from '../http/RouteDeclaration.ts';
import { recipientIdParams, recipientInputSchema } from './schemas.ts';

export const putRecipientRoute = declareRoute({
  method: 'PUT',
  path: '/v1/recipients/{recipientId}',
  scope: 'identities:write',
  summary:
    'Create or replace a recipient; its email/phone become index IDs (409 if another recipient has them)',
  params: recipientIdParams,
  body: recipientInputSchema,
});

export const getRecipientRoute = declareRoute({
  method: 'GET',
  path: '/v1/recipients/{recipientId}',
  scope: 'identities:read',
  summary: 'One recipient with its linked IDs',
  params: recipientIdParams,
});

export const deleteRecipientRoute = declareRoute({
  method: 'DELETE',
  path: '/v1/recipients/{recipientId}',
  scope: 'identities:write',
  summary: 'Privacy delete: the recipient, every ID linked to it, its index entries and list memberships',
  params: recipientIdParams,
});
