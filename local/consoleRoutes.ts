import { declareRoute, type RouteDeclaration } from '../shared/http/index.ts';

/** The local stack's loopback-only console sign-in (never deployed: AWS signs in through OIDC). */
export const localSignInRoutes: readonly RouteDeclaration[] = [
  declareRoute({
    method: 'POST',
    path: '/console/local-sign-in',
    scope: null,
    summary: 'Local console sign-in (loopback only)',
  }),
];
