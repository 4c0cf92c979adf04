import { declareRoute } from '../http/RouteDeclaration.ts';
import { identityParams, linkBodySchema, reconcileBodySchema } from './schemas.ts';

export const linkIdsRoute = declareRoute({
  method: 'POST',
  path: '/v1/identities/links',
  scope: 'identities:write',
  summary: 'Link IDs with each other (and a recipient); 409 when they belong to different recipients',
  body: linkBodySchema,
});

export const getIdentityRoute = declareRoute({
  method: 'GET',
  path: '/v1/identities/{namespace}/{value}',
  scope: 'identities:read',
  summary: 'One ID: its recipient (or null) and the IDs linked to it; 404 if unknown',
  params: identityParams,
});

export const eraseIdentityRoute = declareRoute({
  method: 'DELETE',
  path: '/v1/identities/{namespace}/{value}',
  scope: 'identities:write',
  summary:
    'Privacy delete by any ID: the recipient it resolves to (as DELETE /v1/recipients/{recipientId}) or ' +
    'the ID itself, address-only members on every list, pending memberships and export snapshot entries; ' +
    'writes an opt-out file per shared audience that was sent the IDs and answers the erasure record ' +
    '(no personal value in it); 404 if the ID names nothing',
  params: identityParams,
});

/** `POST /v1/reconcile`: up to 1,000 IDs, answered in input order. */
export const reconcileRoute = declareRoute({
  method: 'POST',
  path: '/v1/reconcile',
  // A lookup that writes nothing: identities:read is enough.
  scope: 'identities:read',
  summary: 'Reconcile up to 1,000 IDs to recipients, in input order, with a reason for each miss',
  body: reconcileBodySchema,
});
