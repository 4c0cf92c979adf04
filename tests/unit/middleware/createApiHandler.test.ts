import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApiHandler } from '../../../functions/middleware/createApiHandler.ts';
import { serve } from '../../../functions/middleware/Route.ts';
import { setRuntime } from '../../../functions/runtime.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ConflictError } from '../../../shared/errors/index.ts';
import { createRuntime } from '../../../shared/runtime/index.ts';

const routes = [
  serve(
    {
      method: 'POST',
      path: '/v1/things/{name}',
      scope: 'audiences:write',
      summary: 'test route',
      params: z.object({ name: z.string().regex(/^[a-z:]+$/) }),
      body: z.object({ size: z.number().int().max(10) }),
    },
    async ({ params, body, caller }) => {
      if (params.name === 'taken') throw new ConflictError('name: already taken', { field: 'name' });
      if (params.name === 'boom') throw new Error('secret@example.com broke');
      return { status: 201, body: { name: params.name, size: body.size, by: caller.subject } };
    },
  ),
];

function event(path: string, body: unknown, scope: string | null): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(scope === null ? {} : { authorizer: { jwt: { claims: { sub: 'tester', scope }, scopes: null } } }),
    },
  } as APIGatewayProxyEventV2;
}

const context = { functionName: 'test', awsRequestId: 'r1' } as Context;

describe('createApiHandler', () => {
  const handler = createApiHandler(routes);
  beforeAll(() => {
    const runtime = createRuntime({
      config: loadConfig({}),
      dispatcher: { enqueueExport: async () => {}, enqueueIngest: async () => {} },
    });
    // No DynamoDB here: writes are audited before they run, so give the adapter an audit store that accepts.
    setRuntime({
      ...runtime,
      audit: {
        record: async (input) => ({ ...input, id: input.id ?? 'a1' }),
        list: async () => ({ entries: [] }),
      },
    });
  });
  afterAll(() => setRuntime(undefined));

  it('answers the route with decoded path parameters and the caller', async () => {
    const answer = await handler(event('/v1/things/dpid%3Aab', { size: 3 }, 'audiences:write'), context);
    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.body ?? '')).toEqual({ name: 'dpid:ab', size: 3, by: 'tester' });
  });

  it('answers 401 without claims and 403 without the scope', async () => {
    const noToken = await handler(event('/v1/things/a', { size: 1 }, null), context);
    expect(noToken.statusCode).toBe(401);
    const noScope = await handler(event('/v1/things/a', { size: 1 }, 'audiences:read'), context);
    expect(noScope.statusCode).toBe(403);
    expect(JSON.parse(noScope.body ?? '')).toEqual({
      error: { code: 'forbidden', message: 'this route needs the scope audiences:write' },
    });
  });

  it('answers 400 naming the field for bad path parameters and bodies', async () => {
    const badParam = await handler(event('/v1/things/A%20B', { size: 1 }, 'audiences:write'), context);
    expect(badParam.statusCode).toBe(400);
    expect(JSON.parse(badParam.body ?? '').error.message).toMatch(/^path\.name: /);
    const badBody = await handler(event('/v1/things/a', { size: 11 }, 'audiences:write'), context);
    expect(JSON.parse(badBody.body ?? '').error.message).toMatch(/^body\.size: /);
  });

  it('maps exposed errors to their status and anything else to a bare 500 that leaks nothing', async () => {
    const conflict = await handler(event('/v1/things/taken', { size: 1 }, 'audiences:write'), context);
    expect(conflict.statusCode).toBe(409);
    const boom = await handler(event('/v1/things/boom', { size: 1 }, 'audiences:write'), context);
    expect(boom.statusCode).toBe(500);
    expect(boom.body).toBe('{"error":{"code":"internal","message":"internal error"}}');
  });

  it('answers 404 JSON for an unknown route', async () => {
    const answer = await handler(event('/v1/nothing', undefined, 'audiences:write'), context);
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body ?? '').error.code).toBe('not_found');
  });
});
