import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { HttpMethod } from '../../shared/http/index.ts';

export interface ApiEventOptions {
  method: HttpMethod;
  /** Raw path as API Gateway receives it, percent-encoded (`/v1/identities/dpid%3A999999/abc`). */
  path: string;
  /** JSON-serialised unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  /** Space-separated scopes of the verified token; `null`: no authorizer context (no token). */
  scope?: string | null;
  sub?: string;
}

/**
 * An API Gateway HTTP API (v2) event as the JWT authorizer leaves it: claims `{sub, scope}` under
 * `requestContext.authorizer.jwt`. For driving `createApiHandler` handlers in tests.
 *
 * @example
 * await handler(apiEvent({ method: 'POST', path: '/v1/reconcile', body: { ids: [] }, scope: 'identities:read' }), lambdaContext);
 */
export function apiEvent(options: ApiEventOptions): APIGatewayProxyEventV2 {
  const scope = options.scope === undefined ? 'admin' : options.scope;
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(scope === null
        ? {}
        : { authorizer: { jwt: { claims: { sub: options.sub ?? 'tester', scope }, scopes: null } } }),
    },
  } as APIGatewayProxyEventV2;
}

/** A minimal Lambda context for handler calls in tests. */
export const lambdaContext = { functionName: 'test', awsRequestId: 'test-request' } as Context;
