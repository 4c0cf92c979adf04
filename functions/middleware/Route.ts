import type { Caller } from '../../shared/auth/index.ts';
import type { RouteDeclaration } from '../../shared/http/index.ts';
import type { Runtime } from '../runtime.ts';

/** What a route's `handle` gets: validated input and the verified caller. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  runtime: Runtime;
}

export interface RouteAnswer {
  status: number;
  body?: unknown;
  /** Names (never values) of the fields the call changed, for its audit record. */
  changedFields?: readonly string[];
}

/**
 * A route declaration of the core with the function that serves it. The same tables drive the
 * Lambda router and the local HTTP server; the CDK app and the OpenAPI document read the declarations.
 */
export interface Route<P = unknown, Q = unknown, B = unknown> extends RouteDeclaration<P, Q, B> {
  handle(input: RouteInput<P, Q, B>): Promise<RouteAnswer>;
}

/**
 * Serves a declaration: keeps its input types for `handle`, erases them for route tables.
 *
 * @example
 * export const jobRoutes = [serve(getJobRoute, async ({ params, runtime }) => ({ status: 200, body: … }))];
 */
export function serve<P, Q, B>(
  declaration: RouteDeclaration<P, Q, B>,
  handle: (input: RouteInput<P, Q, B>) => Promise<RouteAnswer>,
): Route {
  return { ...declaration, handle } as unknown as Route;
}
