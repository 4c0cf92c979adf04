import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApiHandler } from '../../../../functions/middleware/createApiHandler.ts';
import { serve } from '../../../../functions/middleware/Route.ts';
import { createRuntime, setRuntime } from '../../../../functions/runtime.ts';
import { loadConfig } from '../../../../shared/config/index.ts';
import { ConflictError } from '../../../../shared/errors/index.ts';

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
      if (params.name === 'big')
        throw serviceError(
          'ValidationException',
          'client',
          'Item size has exceeded the maximum allowed size',
        );
      if (params.name === 'odd')
        throw serviceError('ValidationException', 'client', 'One or more parameter values were invalid');
      if (params.name === 'busy') throw serviceError('ThrottlingException', 'client', 'Rate exceeded');
      if (params.name === 'down') throw serviceError('InternalServerError', 'server', 'Internal error');
      return { status: 201, body: { name: params.name, size: body.size, by: caller.subject } };
    },
  ),
];

/** A DynamoDB error as the SDK throws it after the service answered. */
function serviceError(name: string, fault: 'client' | 'server', message: string) {
  return new DynamoDBServiceException({ name, $fault: fault, message, $metadata: { httpStatusCode: 400 } });
}

function event(
  path: string,
  body: unknown,
  scope: string | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
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

  it('answers 400 naming body when a required body is missing or null', async () => {
    const missing = await handler(event('/v1/things/a', undefined, 'audiences:write'), context);
    expect([missing.statusCode, JSON.parse(missing.body ?? '')]).toEqual([
      400,
      { error: { code: 'bad_request', message: 'body: expected a JSON body' } },
    ]);
    const nothing = await handler(event('/v1/things/a', 'null', 'audiences:write'), context);
    expect([nothing.statusCode, JSON.parse(nothing.body ?? '').error.message]).toEqual([
      400,
      'body: Invalid input: expected object, received null',
    ]);
  });

  it('answers 415 when the body comes in another media type than JSON', async () => {
    const sent: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      {},
    ];
    for (const headers of sent) {
      const answer = await handler(event('/v1/things/a', { size: 1 }, 'audiences:write', headers), context);
      expect([answer.statusCode, JSON.parse(answer.body ?? '')]).toEqual([
        415,
        { error: { code: 'unsupported_media_type', message: 'content-type: expected application/json' } },
      ]);
    }
    const charset = { 'content-type': 'Application/JSON; charset=utf-8' };
    expect(
      (await handler(event('/v1/things/a', { size: 1 }, 'audiences:write', charset), context)).statusCode,
    ).toBe(201);
  });

  it('maps DynamoDB client errors that bad input can cause to 4xx and server faults to a bare 500', async () => {
    const answers = await Promise.all(
      ['big', 'odd', 'busy', 'down'].map((name) =>
        handler(event(`/v1/things/${name}`, { size: 1 }, 'audiences:write'), context),
      ),
    );
    expect(answers.map((a) => [a.statusCode, JSON.parse(a.body ?? '').error.code])).toEqual([
      [413, 'payload_too_large'],
      [400, 'bad_request'],
      [429, 'throttled'],
      [500, 'internal'],
    ]);
    expect(answers.map((a) => JSON.parse(a.body ?? '').error.message).join('|')).not.toMatch(
      /Item size|parameter values|Rate/,
    );
  });

  it('answers 404 JSON for an unknown route', async () => {
    const answer = await handler(event('/v1/nothing', undefined, 'audiences:write'), context);
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body ?? '').error.code).toBe('not_found');
  });
});
