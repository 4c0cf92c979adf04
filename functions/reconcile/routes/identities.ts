import { defineRoute } from '../../../shared/http/index.ts';
import { identityParams, linkBodySchema } from '../../../shared/reconcile/index.ts';

/** `POST /v1/identities/links`, `GET /v1/identities/{namespace}/{value}`. */
export const identityLinkRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/identities/links',
    scope: 'identities:write',
    summary: 'Link IDs with each other (and a recipient); 409 when they belong to different recipients',
    body: linkBodySchema,
    async handle({ body, runtime }) {
      return { status: 200, body: await runtime.identity.linkIds(body.ids, body.recipientId) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/identities/{namespace}/{value}',
    scope: 'identities:read',
    summary: 'One ID: its recipient (or null) and the IDs linked to it; 404 if unknown',
    params: identityParams,
    async handle({ params, runtime }) {
      return { status: 200, body: await runtime.identity.lookup(params) };
    },
  }),
];
