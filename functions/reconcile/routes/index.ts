import type { Route } from '../../../shared/http/index.ts';

/** Routes served by the identity (reconcile) function: recipients, identities, reconcile. */
export const identityRoutes: readonly Route[] = [];
