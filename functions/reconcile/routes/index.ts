import type { Route } from '../../middleware/Route.ts';
import { identityLinkRoutes } from './identities.ts';
import { recipientRoutes } from './recipients.ts';
import { reconcileRoutes } from './reconcile.ts';

/** Routes served by the identity (reconcile) function: recipients, identities, reconcile. */
export const identityRoutes: readonly Route[] = [
  ...recipientRoutes,
  ...identityLinkRoutes,
  ...reconcileRoutes,
];
