import { reconcileRoute } from '../../../shared/identities/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `POST /v1/reconcile`: up to 1,000 IDs, answered in input order. */
export const reconcileRoutes = [
  serve(reconcileRoute, async ({ body, runtime }) => {
    const results = await runtime.identity.reconciler.reconcile(body.ids);
    // Decrypted addresses are for ingest only: the API never turns an encrypted ID into plain text.
    return {
      status: 200,
      body: { results: results.map(({ address: _address, lookupKeys: _keys, ...visible }) => visible) },
    };
  }),
];
