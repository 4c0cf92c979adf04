import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|xml|x-www-form-urlencoded|javascript))/i;

export interface HttpApiEventInput {
  request: IncomingMessage;
  body: Buffer;
  routeKey: string;
  pathParameters?: Record<string, string>;
}

/**
 * Turns a node:http request into the API Gateway HTTP API (payload 2.0) event Lambda receives:
 * headers lowercased (repeats joined with `,`), cookies apart, query parameters (repeats joined
 * with `,`), raw path and query, body as text or base64 for binary content types.
 *
 * @example
 * const event = toHttpApiEvent({ request, body, routeKey: 'GET /v1/jobs' });
 */
export function toHttpApiEvent(input: HttpApiEventInput): APIGatewayProxyEventV2 {
  const { request, body } = input;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
  const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : '';
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value : [value]).flatMap((c) => c.split(/;\s*/)).filter(Boolean);
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || contentType === '' || TEXT_TYPES.test(contentType);
  const method = (request.method ?? 'GET').toUpperCase();
  const now = new Date();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(input.pathParameters && Object.keys(input.pathParameters).length > 0
      ? { pathParameters: input.pathParameters }
      : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}
