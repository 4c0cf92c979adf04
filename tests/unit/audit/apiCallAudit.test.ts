import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApiHandler } from '../../../functions/middleware/createApiHandler.ts';
import { serve } from '../../../functions/middleware/Route.ts';
import { createRuntime, setRuntime } from '../../../functions/runtime.ts';
import type { AuditEntry, AuditRecordInput, AuditStore } from '../../../shared/audit/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';

let ran = 0;
const routes = [
  serve(
    {
      method: 'PUT',
      path: '/v1/recipients/{recipientId}',
      scope: 'identities:write',
      summary: 'test write',
      params: z.object({ recipientId: z.string().regex(/^r-\d+$/) }),
    },
    async () => {
      ran++;
      return { status: 200, body: { ok: true } };
    },
  ),
  serve(
    {
      method: 'POST',
      path: '/v1/lists',
      scope: 'audiences:write',
      summary: 'test create',
    },
    async () => {
      ran++;
      return { status: 201, body: { listId: 'api.new' } };
    },
  ),
  serve(
    {
      method: 'GET',
      path: '/v1/lists',
      scope: 'audiences:read',
      summary: 'test read',
    },
    async () => {
      return { status: 200, body: { lists: [] } };
    },
  ),
];

function event(method: string, path: string, scope: string | null): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(scope === null ? {} : { authorizer: { jwt: { claims: { sub: 'alice', scope }, scopes: null } } }),
    },
  } as APIGatewayProxyEventV2;
}

/** An audit store that keeps what it was given and can be switched off. */
class RecordingAuditStore implements AuditStore {
  calls: AuditEntry[] = [];
  down = false;
  async record(input: AuditRecordInput): Promise<AuditEntry> {
    if (this.down) throw new Error('audit down');
    const entry = { ...input, id: input.id ?? 'x' };
    this.calls.push(entry);
    return entry;
  }
  async list() {
    return { entries: [] };
  }
}

const context = { functionName: 'test', awsRequestId: 'r1' } as Context;
const at = '2026-04-05T06:07:08.000Z';

describe('ApiCallAudit', () => {
  const handler = createApiHandler(routes);
  const audit = new RecordingAuditStore();
  beforeAll(() => {
    const runtime = createRuntime({
      config: loadConfig({}),
      dispatcher: { enqueueExport: async () => {}, enqueueIngest: async () => {} },
      now: () => new Date(at),
    });
    setRuntime({ ...runtime, audit });
  });
  beforeEach(() => {
    audit.calls = [];
    audit.down = false;
    ran = 0;
  });
  afterAll(() => setRuntime(undefined));

  it('records pending then the status under the route template with a hashed recipient when a write succeeds', async () => {
    const answer = await handler(event('PUT', '/v1/recipients/r-1', 'identities:write'), context);
    expect(answer.statusCode).toBe(200);
    const expected = {
      at,
      actor: 'alice',
      action: 'PUT /v1/recipients/{recipientId}',
      target: 'sha256:a5fa777a3dc67268',
    };
    expect(audit.calls).toEqual([
      { ...expected, id: expect.any(String), outcome: 'pending' },
      { ...expected, id: audit.calls[0]?.id, outcome: 200 },
    ]);
    expect(JSON.stringify(audit.calls)).not.toContain('r-1');
  });

  it('names the created list as target when a parameterless write answers with its ID', async () => {
    await handler(event('POST', '/v1/lists', 'audiences:write'), context);
    expect(audit.calls.map((c) => [c.target, c.outcome])).toEqual([
      [undefined, 'pending'],
      ['api.new', 201],
    ]);
  });

  it('records one refusal without target when the token, scope or path is refused', async () => {
    await handler(event('PUT', '/v1/recipients/r-1', null), context);
    await handler(event('PUT', '/v1/recipients/r-1', 'identities:read'), context);
    await handler(event('PUT', '/v1/recipients/someone%40example.com', 'identities:write'), context);
    expect(audit.calls.map((c) => [c.actor, c.outcome, c.target])).toEqual([
      ['anonymous', 401, undefined],
      ['alice', 403, undefined],
      ['alice', 400, undefined],
    ]);
    expect(JSON.stringify(audit.calls)).not.toContain('example.com');
    expect(ran).toBe(0);
  });

  it('refuses the write with a bare 500 and never runs it when the audit store is down', async () => {
    audit.down = true;
    const answer = await handler(event('PUT', '/v1/recipients/r-2', 'identities:write'), context);
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body ?? '')).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(ran).toBe(0);
  });

  it('records nothing when the call is a GET', async () => {
    const answer = await handler(event('GET', '/v1/lists', 'audiences:read'), context);
    expect(answer.statusCode).toBe(200);
    expect(audit.calls).toEqual([]);
  });
});
