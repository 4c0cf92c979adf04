import { getIdentityRoute, linkIdsRoute } from '../../../shared/identities/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `POST /v1/identities/links`, `GET /v1/identities/{namespace}/{value}`. */
export const identityLinkRoutes = [
  serve(linkIdsRoute, async ({ body, runtime }) => {
    return { status: 200, body: await runtime.identity.linkIds(body.ids, body.recipientId) };
  }),
  serve(getIdentityRoute, async ({ params, runtime }) => {
    return { status: 200, body: await runtime.identity.lookup(params) };
  }),
];
