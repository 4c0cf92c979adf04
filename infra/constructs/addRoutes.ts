import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type { RouteDeclaration } from '../../shared/http/RouteDeclaration.ts';

/** What the stack needs of a route definition (the route tables carry more). */
export type RouteShape = Pick<RouteDeclaration, 'method' | 'path' | 'scope'>;

/** A route definition and the HTTP API route made from it. */
export interface AddedRoute {
  route: RouteShape;
  httpRoute: apigw.HttpRoute;
}

export interface AddRoutesOptions {
  api: apigw.HttpApi;
  routes: readonly RouteShape[];
  integration: apigw.HttpRouteIntegration;
  /** Put on every route whose `scope` is not null; public routes get none. */
  authorizer: apigw.IHttpRouteAuthorizer;
  /** Route keys already taken (by another table): a duplicate is a synth error, not a silent overwrite. */
  taken: Set<string>;
}

/**
 * One HTTP API route per route definition, from the same tables the Lambda router serves, so a
 * route added in code is deployed with the right authorization without touching the stack. The
 * gateway verifies the token and requires the route's scope (`authorizationScopes`); the handler
 * checks the scope again, so the local stack, which has no gateway, answers the same 403.
 *
 * @example
 * addRoutes({ api, routes: apiRouteTable, integration, authorizer, taken: new Set() });
 */
export function addRoutes(options: AddRoutesOptions): AddedRoute[] {
  const created: AddedRoute[] = [];
  for (const route of options.routes) {
    const key = `${route.method} ${route.path}`;
    if (options.taken.has(key)) throw new Error(`route ${key} is defined twice`);
    options.taken.add(key);
    const [httpRoute] = options.api.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration: options.integration,
      authorizer: route.scope === null ? new apigw.HttpNoneAuthorizer() : options.authorizer,
      // A second fence: the gateway refuses a token without the scope before the handler runs.
      ...(route.scope === null ? {} : { authorizationScopes: [route.scope] }),
    });
    if (httpRoute) created.push({ route, httpRoute });
  }
  return created;
}
