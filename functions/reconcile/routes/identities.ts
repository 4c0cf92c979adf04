import { eraseIdentityRoute, getIdentityRoute, linkIdsRoute } from '../../../shared/identities/routes.ts';
import { eraseIdentity } from '../../../shared/privacy/index.ts';
import { serve } from '../../middleware/Route.ts';
import { erasurePortsOf } from '../erasurePorts.ts';

/** `POST /v1/identities/links`, `GET|DELETE /v1/identities/{namespace}/{value}`. */
export const identityLinkRoutes = [
  serve(linkIdsRoute, async ({ body, runtime }) => {
    return { status: 200, body: await runtime.identity.linkIds(body.ids, body.recipientId) };
  }),
  serve(getIdentityRoute, async ({ params, runtime }) => {
    return { status: 200, body: await runtime.identity.lookup(params) };
  }),
  serve(eraseIdentityRoute, async ({ params, caller, runtime }) => {
    return { status: 200, body: await eraseIdentity(erasurePortsOf(runtime), params, caller.subject) };
  }),
];
