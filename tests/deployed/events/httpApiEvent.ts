import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface HttpRequest {
  /** The matched route, e.g. `GET /v1/jobs/{jobId}`. */
  routeKey: string;
  /** The path as the client sent it, percent-encoded (`/v1/jobs/ingest%3Ainbound%2Fa.sync`). */
  rawPath: string;
  /** The route's parameters, percent-encoded as in the path. */
  pathParameters?: Record<string, string>;
  rawQueryString?: string;
  /** Sent base64-encoded (`isBase64Encoded: true`), as API Gateway does for most bodies. */
  json?: unknown;
  /** The verified token's `scope` claim: one space-separated string. Omitted on public routes. */
  scope?: string;
}

/**
 * An HTTP API (payload format 2.0) event after the JWT authorizer accepted the token: its claims
 * under `requestContext.authorizer.jwt` (no authorizer on a public route). Shape from the API Gateway developer guide, "Working with
 * AWS Lambda proxy integrations for HTTP APIs" and "Controlling access with JWT authorizers".
 */
export function httpApiEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const [method = 'GET'] = request.routeKey.split(' ');
  const query = request.rawQueryString ?? '';
  const body =
    request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json)).toString('base64');
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.rawPath,
    rawQueryString: query,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-forwarded-proto': 'https',
      ...(request.scope === undefined ? {} : { authorization: 'Bearer eyJraWQiOiJ...' }),
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      ...(request.scope === undefined
        ? {}
        : {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: {
                claims: {
                  iss: 'https://auth.example.com/',
                  aud: 'audience-bridge',
                  sub: 'bundle-tester',
                  exp: '1893456000',
                  iat: '1772600767',
                  scope: request.scope,
                },
                scopes: null,
              },
            },
          }),
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: request.routeKey,
      stage: '$default',
      time: '04/Mar/2026:05:06:07 +0000',
      timeEpoch: 1772600767089,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: body !== undefined,
  };
}
