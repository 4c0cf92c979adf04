import type * as z from 'zod';
import type { Caller, Scope } from '../auth/index.ts';
import type { Runtime } from '../runtime/index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

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
}

/**
 * One HTTP API route: method, path (API Gateway syntax, `{name}` parameters), the scope it needs
 * (`null`: public), the zod schemas of its input, and the use case it calls. The same definitions
 * drive the Lambda router, the local HTTP server and the OpenAPI document.
 */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  path: string;
  scope: Scope | null;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Schema of a successful answer's body, for the API description. */
  response?: z.ZodType;
  /** Status of a successful answer, for the API description (default 200; e.g. 202 for a queued job). */
  status?: number;
  handle(input: RouteInput<P, Q, B>): Promise<RouteAnswer>;
}

/** Keeps a route's input types while erasing them for route tables. */
export function defineRoute<P, Q, B>(route: Route<P, Q, B>): Route {
  return route as unknown as Route;
}
