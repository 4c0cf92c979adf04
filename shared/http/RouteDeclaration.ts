import type * as z from 'zod';
import type { Scope } from '../auth/scopes.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The media type of a JSON body, unless a route says otherwise. */
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * What the outside knows of one HTTP API route: method, path (API Gateway syntax, `{name}`
 * parameters), the scope it needs (`null`: public) and the zod schemas of its input and answer.
 * Declarations live in the core so the CDK app and the OpenAPI document read them without
 * loading a handler; the functions serve them (`serve` in functions/middleware).
 */
export interface RouteDeclaration<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  path: string;
  scope: Scope | null;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * Media types the body may come in (`Content-Type`, parameters aside); another one is a 415.
   * Default `application/json`; a JSON Merge Patch route takes `application/merge-patch+json`.
   */
  contentTypes?: readonly string[];
  /** Schema of a successful answer's body, for the API description. */
  response?: z.ZodType;
  /** Status of a successful answer, for the API description (default 200; e.g. 202 for a queued job). */
  status?: number;
}

/**
 * Keeps a declaration's input types, for the handler that serves it.
 *
 * @example
 * export const getJob = declareRoute({ method: 'GET', path: '/v1/jobs/{jobId}', scope: 'audiences:read',
 *   summary: 'One job with its receipt', params: jobIdParams });
 */
export function declareRoute<P, Q, B>(declaration: RouteDeclaration<P, Q, B>): RouteDeclaration<P, Q, B> {
  return declaration;
}
