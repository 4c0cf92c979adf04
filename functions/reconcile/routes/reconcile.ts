import { defineRoute } from '../../../shared/http/index.ts';
import { reconcileBodySchema } from '../../../shared/reconcile/index.ts';

/** `POST /v1/reconcile`: up to 1,000 IDs, answered in input order. */
export const reconcileRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/reconcile',
    // A lookup that writes nothing: identities:read is enough.
    scope: 'identities:read',
    summary: 'Reconcile up to 1,000 IDs to recipients, in input order, with a reason for each miss',
    body: reconcileBodySchema,
    async handle({ body, runtime }) {
      const results = await runtime.identity.reconciler.reconcile(body.ids);
      // Decrypted addresses are for ingest only: the API never turns an encrypted ID into plain text.
      return { status: 200, body: { results: results.map(({ address: _address, ...visible }) => visible) } };
    },
  }),
];
