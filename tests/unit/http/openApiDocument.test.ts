import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { apiRoutes } from '../../../functions/api/routes/index.ts';
import { createApiHandler } from '../../../functions/middleware/createApiHandler.ts';
import { createRuntime, setRuntime } from '../../../functions/runtime.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import {
  apiRouteTable,
  declareRoute,
  identityRouteTable,
  type OpenApiDocument,
  openApiDocument,
  type RouteDeclaration,
} from '../../../shared/http/index.ts';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
};

const METHODS = ['get', 'put', 'patch', 'post', 'delete'] as const;

function operations(doc: OpenApiDocument): { key: string; path: string; op: Operation }[] {
  const found: { key: string; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) found.push({ key: `${method.toUpperCase()} ${path}`, path, op });
    }
  }
  return found;
}

const served: readonly RouteDeclaration[] = [...apiRouteTable, ...identityRouteTable];

describe('openApiDocument', () => {
  const doc = openApiDocument(served);

  it('describes exactly the served routes when given both route tables', () => {
    const documented = operations(doc)
      .map((o) => o.key)
      .sort();
    const routes = served.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(routes);
    expect(documented).toContain('GET /openapi.json');
    expect(documented).toContain('GET /v1/jobs/{jobId}');
  });

  it('is an OpenAPI 3.1 document with unique operation IDs when generated', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('audience-bridge');
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ids = operations(doc).map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it('declares every path parameter as required when a path has parameters', () => {
    for (const { path, op } of operations(doc)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort()).toEqual([...names].sort());
      expect(declared.every((p) => p.required === true)).toBe(true);
    }
  });

  it('requires a bearer token with the route scope when a route is scoped, and none when public', () => {
    for (const route of served) {
      const op = operations(doc).find((o) => o.key === `${route.method} ${route.path}`)?.op;
      expect(op?.security).toEqual(route.scope ? [{ bearerAuth: [route.scope] }] : []);
    }
  });

  it('writes patterns as JSON Schema sources, without regex flags, when a zod regex has the u flag', () => {
    const patterns = [...JSON.stringify(doc).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map(
      (m) => JSON.parse(m[1] ?? '""') as string,
    );
    const jobId = operations(doc).find((o) => o.key === 'GET /v1/jobs/{jobId}')?.op.parameters?.[0] as
      | { schema?: { pattern?: string } }
      | undefined;
    expect(jobId?.schema?.pattern).toMatch(/:\\P\{Cc\}\+\$$/);
    for (const pattern of patterns) {
      expect(pattern).not.toMatch(/\/[a-z]+$/);
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('documents a cap on every array and map of a request when routes take bodies', () => {
    const uncapped: string[] = [];
    const visit = (schema: unknown, at: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.type === 'array' && s.maxItems === undefined) uncapped.push(at);
      if (typeof s.additionalProperties === 'object' && s.maxProperties === undefined) uncapped.push(at);
      for (const [key, value] of Object.entries(s)) visit(value, `${at}/${key}`);
    };
    for (const { key, op } of operations(doc)) visit(op.requestBody, key);
    expect(uncapped).toEqual([]);
  });

  it('describes each body in the media types its route takes when a route says so', () => {
    const patch = operations(doc).find((o) => o.key === 'PATCH /v1/recipients/{recipientId}')?.op;
    expect(Object.keys(patch?.requestBody?.content ?? {})).toEqual([
      'application/merge-patch+json',
      'application/json',
    ]);
  });

  it('uses the route schemas for body, query, status and fallback path parameters when given', () => {
    const routes = [
      declareRoute({
        method: 'POST',
        path: '/v1/things/{thing}/parts/{part}',
        scope: 'audiences:write',
        summary: 'Add a part',
        status: 202,
        body: z.object({ size: z.number().int().max(10), label: z.string().optional() }),
        response: z.object({ jobId: z.string() }),
      }),
      declareRoute({
        method: 'GET',
        path: '/v1/things',
        scope: null,
        summary: 'List things',
        query: z.object({ limit: z.coerce.number().int().default(20) }),
      }),
    ];
    const small = openApiDocument(routes, { version: '9.9.9', servers: [{ url: 'http://127.0.0.1:3000' }] });
    expect(small.info.version).toBe('9.9.9');
    expect(small.servers).toEqual([{ url: 'http://127.0.0.1:3000' }]);
    const post = small.paths?.['/v1/things/{thing}/parts/{part}']?.post as Operation | undefined;
    expect(post?.operationId).toBe('postV1ThingsByThingPartsByPart');
    expect(Object.keys(post?.responses ?? {})).toEqual(['202', '400', '401', '403', '404', '413', '415']);
    expect(post?.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['thing', 'path', true],
      ['part', 'path', true],
    ]);
    expect(post?.requestBody?.content['application/json']).toEqual({
      schema: {
        type: 'object',
        properties: { size: { type: 'integer', maximum: 10 }, label: { type: 'string' } },
        required: ['size'],
      },
    });
    const get = small.paths?.['/v1/things']?.get as Operation | undefined;
    expect(get?.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([['limit', 'query', false]]);
    expect(Object.keys(get?.responses ?? {})).toEqual(['200', '400']);
  });
});

describe('GET /openapi.json', () => {
  beforeAll(() => {
    setRuntime(
      createRuntime({
        config: loadConfig({}),
        dispatcher: { enqueueExport: async () => {}, enqueueIngest: async () => {} },
      }),
    );
  });
  afterAll(() => setRuntime(undefined));

  /** `GET /openapi.json` through the API function's handler, without a token. */
  async function servedDocument() {
    const handler = createApiHandler(apiRoutes);
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/openapi.json',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: 'GET',
          path: '/openapi.json',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 't',
        },
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: '',
        timeEpoch: 0,
      },
    } as APIGatewayProxyEventV2;
    return handler(event, { functionName: 'api', awsRequestId: 'r1' } as Context);
  }

  it('answers the document without a token when called anonymously', async () => {
    const answer = await servedDocument();
    expect(answer.statusCode).toBe(200);
    const body = JSON.parse(String(answer.body));
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual([...new Set(served.map((r) => r.path))].sort());
  });

  it('passes redocly lint with no error or warning when the served document is linted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, String((await servedDocument()).body));
      // Offline and quiet: no telemetry, no update check. Rules turned off are in redocly.yaml, each with its reason.
      const out = execFileSync(
        'node_modules/.bin/redocly',
        ['lint', file, '--config', 'redocly.yaml', '--format=json'],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ).toString();
      const report = JSON.parse(out.slice(out.indexOf('{'))) as {
        totals: Record<string, number>;
        problems: unknown[];
      };
      expect(report.problems).toEqual([]);
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
