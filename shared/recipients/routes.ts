import { declareRoute } from '../http/RouteDeclaration.ts';
import { recipientIdParams, recipientInputSchema, recipientPatchSchema } from './schemas.ts';

export const putRecipientRoute = declareRoute({
  method: 'PUT',
  path: '/v1/recipients/{recipientId}',
  scope: 'identities:write',
  summary:
    'Create or replace the whole profile of a recipient (fields left out are removed); its email/phone ' +
    'become index IDs (409 if another recipient has them)',
  params: recipientIdParams,
  body: recipientInputSchema,
});

export const patchRecipientRoute = declareRoute({
  method: 'PATCH',
  path: '/v1/recipients/{recipientId}',
  scope: 'identities:write',
  summary:
    'Change part of a recipient with a JSON Merge Patch (RFC 7396): null removes a field, attributes ' +
    'and consent merge by entry; 404 if unknown',
  params: recipientIdParams,
  body: recipientPatchSchema,
  contentTypes: ['application/merge-patch+json', 'application/json'],
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
