import { ForbiddenError } from '../../../shared/errors/index.ts';
import { LINK_SECONDS } from '../../../shared/jobs/index.ts';
import { createUploadRoute } from '../../../shared/objects/routes.ts';
import { serve } from '../../middleware/Route.ts';

export const uploadRoutes = [
  serve(createUploadRoute, async ({ body, caller, runtime }) => {
    // Recipient loads change profiles: the same scope as the recipients API.
    if (body.key.startsWith('inbound/recipients/') && !caller.scopes.has('identities:write')) {
      throw new ForbiddenError(
        'body.key: a drop under inbound/recipients/ needs the identities:write scope',
        {
          field: 'body.key',
        },
      );
    }
    return { status: 201, body: await runtime.links.uploadPlan(body.key, body.size, LINK_SECONDS) };
  }),
];
