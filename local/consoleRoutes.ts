import { defineRoute, type Route } from '../shared/http/index.ts';

const servedElsewhere = async () => {
  throw new Error('served by its own function, not the API router');
};

/** The console's static files: public (its data calls carry the signed-in token). */
export const consoleRoutes: readonly Route[] = [
  defineRoute({
    method: 'GET',
    path: '/console',
    scope: null,
    summary: 'The web console',
    handle: servedElsewhere,
  }),
  defineRoute({
    method: 'GET',
    path: '/console/{proxy+}',
    scope: null,
    summary: 'The web console',
    handle: servedElsewhere,
  }),
];

/** The local stack's loopback-only console sign-in (never deployed). */
export const localSignInRoutes: readonly Route[] = [
  defineRoute({
    method: 'POST',
    path: '/console/local-sign-in',
    scope: null,
    summary: 'Local console sign-in (loopback only)',
    handle: servedElsewhere,
  }),
];
