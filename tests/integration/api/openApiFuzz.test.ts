import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSigningKey, SCOPES, signToken } from '../../../shared/auth/index.ts';
import { ERROR_CODES } from '../../../shared/errors/index.ts';
import { arbitraryOf, type JsonSchema } from '../../helpers/jsonSchemaArbitrary.ts';
import { startTestStack } from '../../helpers/localStack.ts';

/**
 * The HTTP API fuzzed from its own served /openapi.json: for every operation, requests generated
 * from its schemas, valid or mutated one way, through the local stack. Every answer is below 500,
 * every 4xx has the error shape, a token without the route's scope never gets through, write-only
 * secrets are never answered, and a refused request leaves the table and the bucket as they were.
 *
 * AB_FUZZ_RUNS (runs per operation, default 8) and AB_FUZZ_SEED (default 22) scale and vary it;
 * AB_FUZZ_REPORT names a file for the counts of a run.
 */
const RUNS = Number(process.env.AB_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.AB_FUZZ_SEED ?? 22);

type Param = { in: string; name: string; required?: boolean; schema?: JsonSchema };
type Operation = {
  key: string;
  method: string;
  path: string;
  scope: string | null;
  params: Param[];
  query: Param[];
  contentType?: string;
  body?: JsonSchema;
};

const MUTATIONS = [
  'none',
  'none',
  'wrongType',
  'missingProperty',
  'extraProperty',
  'hugeString',
  'hugeMap',
  'oddUnicode',
  'prototypeKey',
  'badPathParam',
  'query',
  'token',
  'scope',
  'body',
] as const;
type Mutation = (typeof MUTATIONS)[number];

/** Mutations of a body: on an operation without one, a bad query string takes their place. */
const BODY_MUTATIONS = new Set<Mutation>([
  'wrongType',
  'missingProperty',
  'extraProperty',
  'hugeString',
  'hugeMap',
  'oddUnicode',
  'prototypeKey',
  'body',
]);

/** The mutation an operation can take: token ones need a scoped route, body ones a body. */
function applicable(op: Operation, mutation: Mutation): Mutation {
  if (op.scope === null && (mutation === 'token' || mutation === 'scope')) return 'none';
  if (!op.body && BODY_MUTATIONS.has(mutation)) return 'query';
  return mutation;
}
type TokenKind =
  | 'valid'
  | 'none'
  | 'forged'
  | 'expired'
  | 'wrongAudience'
  | 'algNone'
  | 'garbage'
  | 'lacksScope';

/** A request before it is sent: path parameters may still name a value of the pool. */
interface Draft {
  params: Record<string, { value: string } | { pool: number }>;
  query: Record<string, string>;
  body?: { json: unknown } | { text: string };
  contentType?: string;
  token: TokenKind;
}

const ODD_STRINGS = [
  '\ud800',
  'x\udc00',
  '\u0000',
  '\ufeffbom',
  '\u202eevil',
  'e\u0301',
  '😀',
  'İı',
  'ﬁ',
  '\u2028\u2029',
  '\uffff',
  ' padded ',
  '',
  '#',
  '../..',
  'null',
];
const BAD_SEGMENTS = [
  '%20',
  '.',
  '..',
  '%2F',
  '%00',
  '%E0%A4%A',
  'a'.repeat(3000),
  '%23x',
  'null',
  '%F0%9F%98%80',
  '%ED%A0%80',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const SECRET_KEYS = /secret|keyhex|ivhex|privatekey|password/i;

// ---- the served document -------------------------------------------------------------------

const stack = await startTestStack();
afterAll(async () => {
  await stack.stop();
});
const doc = (await stack.fetchJson<JsonSchema>('/openapi.json', { token: null })).body;

function operationsOf(document: JsonSchema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op.parameters ?? []) as Param[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      const [contentType, media] = Object.entries(content ?? {})[0] ?? [];
      const security = (op.security ?? []) as Record<string, string[]>[];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        scope: security[0] ? (Object.values(security[0])[0]?.[0] ?? null) : null,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        ...(contentType && media ? { contentType, body: media.schema } : {}),
      });
    }
  }
  return ops;
}
const operations = operationsOf(doc);

// ---- generation ------------------------------------------------------------------------------

function validDraft(op: Operation): fc.Arbitrary<Draft> {
  const params = Object.fromEntries(
    op.params.map((p) => [
      p.name,
      fc.oneof(
        fc.nat().map((pool) => ({ pool })),
        (arbitraryOf(p.schema, doc) as fc.Arbitrary<unknown>).map((v) => ({ value: String(v) })),
      ),
    ]),
  );
  const query = Object.fromEntries(op.query.map((p) => [p.name, arbitraryOf(p.schema, doc).map(String)]));
  const requiredQuery = op.query.filter((p) => p.required).map((p) => p.name);
  return fc.record({
    params: fc.record(params),
    query: fc.record(query, { requiredKeys: requiredQuery }),
    ...(op.body ? { body: arbitraryOf(op.body, doc).map((json) => ({ json })) } : {}),
    ...(op.contentType ? { contentType: fc.constant(op.contentType) } : {}),
    token: fc.constant<TokenKind>('valid'),
  }) as fc.Arbitrary<Draft>;
}

/** Paths (key lists) to every value inside a JSON value, the root first. */
function pathsIn(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const found = [at];
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      found.push(...pathsIn(item, [...at, Array.isArray(value) ? Number(key) : key]));
  }
  return found;
}

/** A copy of `root` with the value at `path` replaced (`undefined` removes it). */
function replaced(root: unknown, path: (string | number)[], next: (old: unknown) => unknown): unknown {
  if (path.length === 0) return next(root);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  const value = replaced(copy[head], rest, next);
  if (value === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
  } else copy[head] = value;
  return copy;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** One mutation of a valid draft. */
function mutate(op: Operation, draft: Draft, mutation: Mutation): fc.Arbitrary<Draft> {
  const json = draft.body && 'json' in draft.body ? draft.body.json : undefined;
  const paths = pathsIn(json);
  const inBody = (f: (path: (string | number)[]) => fc.Arbitrary<unknown>) =>
    fc
      .constantFrom(...paths)
      .chain(f)
      .map((next) => ({ ...draft, body: { json: next } }));
  const objectPaths = paths.filter((p) =>
    isObject(p.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], json)),
  );
  switch (mutation) {
    case 'none':
      return fc.constant(draft);
    case 'wrongType':
      return inBody((path) =>
        fc
          .constantFrom<unknown>(0, -1, 1.5, true, 'text', null, [], {}, [1, 'a'])
          .map((v) => replaced(json, path, () => v)),
      );
    case 'missingProperty':
      return paths.length > 1
        ? fc
            .constantFrom(...paths.slice(1))
            .map((path) => ({ ...draft, body: { json: replaced(json, path, () => undefined) } }))
        : fc.constant({ ...draft, body: undefined });
    case 'extraProperty':
      return objectPaths.length > 0
        ? fc
            .tuple(
              fc.constantFrom(...objectPaths),
              fc.string({ minLength: 1, maxLength: 12 }),
              fc.jsonValue({ maxDepth: 1 }),
            )
            .map(([path, key, value]) => ({
              ...draft,
              body: { json: replaced(json, path, (o) => ({ ...(o as object), [key]: value })) },
            }))
        : fc.constant({ ...draft, body: { json: { extra: 1 } } });
    case 'hugeString':
      return fc
        .tuple(
          fc.constantFrom(...paths),
          fc.constantFrom('x', '€', '😀'),
          fc.constantFrom(1_025, 5_000, 140_000, 2_300_000),
        )
        .map(([path, char, n]) => ({ ...draft, body: { json: replaced(json, path, () => char.repeat(n)) } }));
    case 'hugeMap':
      return fc
        .tuple(
          fc.constantFrom(...paths),
          fc.constantFrom(201, 2_000, 40_000),
          fc.constantFrom<unknown>(true, 'v', 1),
        )
        .map(([path, n, v]) => {
          const map = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, v]));
          return { ...draft, body: { json: replaced(json, path, () => map) } };
        });
    case 'oddUnicode':
      return fc
        .tuple(fc.constantFrom(...paths), fc.constantFrom(...ODD_STRINGS), fc.boolean())
        .map(([path, odd, asKey]) => {
          const next = asKey
            ? replaced(json, path, (o) => (isObject(o) ? { ...o, [odd]: 'v' } : { [odd]: o ?? 'v' }))
            : replaced(json, path, () => odd);
          return { ...draft, body: { json: next } };
        });
    case 'prototypeKey':
      return fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...PROTOTYPE_KEYS)).map(([path, key]) => {
        const next = replaced(json, path, (o) => {
          const target: Record<string, unknown> = isObject(o) ? { ...o } : {};
          Object.defineProperty(target, key, {
            value: { x: 1 },
            enumerable: true,
            writable: true,
            configurable: true,
          });
          return target;
        });
        return { ...draft, body: { json: next } };
      });
    case 'badPathParam':
      return op.params.length > 0
        ? fc
            .tuple(fc.constantFrom(...op.params.map((p) => p.name)), fc.constantFrom(...BAD_SEGMENTS))
            .map(([name, raw]) => ({
              ...draft,
              params: { ...draft.params, [name]: { value: raw, raw: true } as { value: string } },
            }))
        : fc.constant({ ...draft, query: { ...draft.query, [`%${'x'}`]: '%' } });
    case 'query':
      return fc
        .tuple(
          fc.constantFrom('limit', 'cursor', 'type', 'date', 'zzz', ...op.query.map((p) => p.name)),
          fc.constantFrom(
            '-1',
            '0',
            'abc',
            '1e9',
            '',
            'a'.repeat(5000),
            '%E0%A4%A',
            Buffer.from('{"pk":"AUDIT#x","sk":"y"}').toString('base64url'),
            Buffer.from('{"pk":"R#r-1","sk":"R","gsi1pk":"JOBS#export","gsi1sk":"z"}').toString('base64url'),
            'bm90LWpzb24',
            '[]',
          ),
        )
        .map(([name, value]) => ({ ...draft, query: { ...draft.query, [name]: value } }));
    case 'token':
      return fc
        .constantFrom<TokenKind>('none', 'forged', 'expired', 'wrongAudience', 'algNone', 'garbage')
        .map((token) => ({ ...draft, token }));
    case 'scope':
      return fc.constant({ ...draft, token: 'lacksScope' as TokenKind });
    case 'body':
      return fc
        .constantFrom<Pick<Draft, 'body' | 'contentType'>>(
          { body: undefined },
          { body: { text: 'null' } },
          { body: { text: '{"a":' } },
          { body: { text: '[]' } },
          { body: { text: `${'['.repeat(40)}${']'.repeat(40)}` } },
          { body: draft.body ?? { text: '{}' }, contentType: 'text/plain' },
          { body: draft.body ?? { text: '{}' }, contentType: 'application/x-www-form-urlencoded' },
          { body: draft.body ?? { text: '{}' }, contentType: undefined },
        )
        .map((change) => ({ ...draft, ...change }));
  }
}

// ---- sending and checking --------------------------------------------------------------------

/** Known values by parameter or field name, from the writes that succeeded. */
const pools = new Map<string, string[]>();
const secretsSent = new Set<string>();
const counts: Record<string, Record<string, number>> = {};

function remember(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') return;
  const pool = pools.get(name) ?? [];
  if (!pool.includes(value) && pool.length < 20) pool.push(value);
  pools.set(name, pool);
}

/** `data-sources` → `dataSource`: the field name other bodies use for what this path names. */
const nounOf = (segment: string) =>
  segment.replace(/s$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const forgedKey = await loadSigningKey(mkdtempSync(join(tmpdir(), 'ab-forged-')));
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function tokenFor(kind: TokenKind, op: Operation): Promise<string | null> {
  const issuer = stack.config.jwtIssuer;
  const audience = stack.config.jwtAudience;
  const all = SCOPES.join(' ');
  switch (kind) {
    case 'valid':
      return stack.token();
    case 'none':
      return null;
    case 'forged':
      return signToken({ key: forgedKey, issuer, audience, scope: all, ttlSeconds: 3600 });
    case 'expired':
      return stack.token(SCOPES, { ttlSeconds: -120 });
    case 'wrongAudience':
      return signToken({
        key: stack.signingKey,
        issuer,
        audience: 'someone-else',
        scope: all,
        ttlSeconds: 3600,
      });
    case 'algNone':
      return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'x', scope: all, iss: issuer, aud: audience, exp: 4e9 })}.`;
    case 'garbage':
      return 'not.a.token';
    case 'lacksScope':
      return stack.token(SCOPES.filter((s) => s !== op.scope));
  }
}

function pathOf(op: Operation, draft: Draft): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = draft.params[name];
    if (!param) return 'x';
    if ('pool' in param) {
      const pool = pools.get(name) ?? [];
      return encodeURIComponent(pool.length > 0 ? (pool[param.pool % pool.length] ?? 'x') : `p${param.pool}`);
    }
    return 'raw' in param ? param.value : encodeURIComponent(param.value);
  });
}

/** Fills string fields that name another resource (`listId`, `dataSource`) from the pools, now and then. */
function withKnownReferences(body: unknown, pick: number): unknown {
  if (Array.isArray(body)) return body.map((item) => withKnownReferences(item, pick));
  if (!isObject(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const pool = pools.get(key);
    out[key] =
      typeof value === 'string' && pool && pick % 3 !== 0
        ? pool[pick % pool.length]
        : withKnownReferences(value, pick);
  }
  return out;
}

/** What a refused request may not change: every item but audit records, and the bucket's objects. */
async function snapshot(): Promise<string> {
  await stack.dispatcher.idle();
  const hash = createHash('sha256');
  let start: Record<string, unknown> | undefined;
  const items: string[] = [];
  do {
    const page = await stack.runtime.clients.ddb.send(
      new ScanCommand({ TableName: stack.config.table, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? [])
      if (!String(item.pk).startsWith('AUDIT#')) items.push(JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  hash.update(items.sort().join('\n'));
  let token: string | undefined;
  do {
    const page = await stack.runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.bucket, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) hash.update(`${o.Key} ${o.ETag}`);
    token = page.NextContinuationToken;
  } while (token);
  return hash.digest('hex');
}

async function send(op: Operation, draft: Draft, mutation: Mutation, pick: number) {
  const path = pathOf(op, draft);
  const query = new URLSearchParams(draft.query).toString();
  const headers: Record<string, string> = {};
  if (draft.contentType) headers['content-type'] = draft.contentType;
  let bodyText: string | undefined;
  if (draft.body && 'text' in draft.body) bodyText = draft.body.text;
  else if (draft.body)
    bodyText = JSON.stringify(
      mutation === 'none' ? withKnownReferences(draft.body.json, pick) : draft.body.json,
    );
  const token = await tokenFor(draft.token, op);
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const request = () =>
    fetch(`${stack.apiUrl}${path}${query ? `?${query}` : ''}`, {
      method: op.method,
      headers,
      ...(bodyText === undefined || op.method === 'GET' ? {} : { body: bodyText }),
    });
  // After a 413 the server closes the connection (it stops reading the body): a pooled socket
  // can meet that close on the next request, which is then sent again once.
  const res = await request().catch(() => request());
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get('content-type') ?? '', bodyText, path };
}

function checkAnswer(op: Operation, draft: Draft, answer: Awaited<ReturnType<typeof send>>): void {
  const where = `${op.key} as ${answer.path}: ${answer.status} ${answer.text.slice(0, 200)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.contentType, where).toMatch(/^application\/json/);
    const body = JSON.parse(answer.text) as { error?: { code?: string; message?: string } };
    expect(Object.keys(body), where).toEqual(['error']);
    expect(Object.keys(body.error ?? {}).sort(), where).toEqual(['code', 'message']);
    expect(ERROR_CODES, where).toContain(body.error?.code);
    expect(body.error?.message, where).toMatch(/\S/);
  }
  // An empty path parameter leaves an empty segment: no route has that path (API Gateway answers
  // 404 before its authorizer too), so neither token nor scope is asked for.
  if (/\/(\/|$)/.test(answer.path)) {
    expect(answer.status, where).toBe(404);
  } else if (op.scope && draft.token !== 'valid') {
    expect(answer.status, where).toBe(draft.token === 'lacksScope' ? 403 : 401);
  }
  for (const secret of secretsSent)
    expect(answer.text.includes(secret), `${where} echoes a secret`).toBe(false);
}

/** After a successful write: its path values and answer fields join the pools, its secrets the watch list. */
function learn(op: Operation, draft: Draft, answer: Awaited<ReturnType<typeof send>>): void {
  if (answer.status >= 300 || op.method === 'GET') return;
  const segments = op.path.split('/');
  for (const [i, segment] of segments.entries()) {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    const param = name ? draft.params[name] : undefined;
    if (!name || !param) continue;
    const value = decodeURIComponent(pathOf({ ...op, path: `{${name}}` }, draft));
    remember(name, value);
    const noun = segments[i - 1];
    if (noun) remember(nounOf(noun), value);
  }
  try {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body ?? {})) remember(key, value);
  } catch {
    // No JSON answer (204): nothing to learn.
  }
  const sent = answer.bodyText ? (JSON.parse(answer.bodyText) as unknown) : undefined;
  const watch = (value: unknown, key = ''): void => {
    if (typeof value === 'string' && SECRET_KEYS.test(key) && value.length >= 12) secretsSent.add(value);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) watch(v, k);
  };
  watch(sent);
}

describe('the HTTP API fuzzed from its served OpenAPI document', () => {
  it('describes operations to fuzz when served', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations.map((op, index) => [op.key, op, index] as const))(
    'answers %s without a 5xx, in the error shape, within its scope, changing nothing when refused',
    async (_key, op, index) => {
      const tally: Record<string, number> = {};
      counts[op.key] = tally;
      const property = fc.asyncProperty(
        validDraft(op).chain((draft) =>
          fc.tuple(fc.constantFrom(...MUTATIONS), fc.nat()).chain(([drawn, pick]) => {
            const mutation = applicable(op, drawn);
            return mutate(op, draft, mutation).map((mutated) => ({ mutated, mutation, pick }));
          }),
        ),
        async ({ mutated, mutation, pick }) => {
          const writes = op.method !== 'GET';
          const before = writes ? await snapshot() : '';
          const answer = await send(op, mutated, mutation, pick);
          tally[`${mutation} ${answer.status}`] = (tally[`${mutation} ${answer.status}`] ?? 0) + 1;
          checkAnswer(op, mutated, answer);
          if (writes && answer.status >= 400) {
            expect(await snapshot(), `${op.key} ${mutation} ${answer.status} changed stored records`).toBe(
              before,
            );
          }
          learn(op, mutated, answer);
        },
      );
      await fc.assert(property, { seed: SEED + index, numRuns: RUNS, endOnFailure: true });
    },
    // Each run may scan the table and the bucket twice: the limit grows with the count asked for.
    RUNS * 7_500,
  );

  it('reports its counts when asked to', () => {
    const report = process.env.AB_FUZZ_REPORT;
    const total = Object.values(counts).reduce(
      (sum, t) => sum + Object.values(t).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(operations.length * RUNS);
    if (report)
      writeFileSync(
        report,
        JSON.stringify({ seed: SEED, runsPerOperation: RUNS, requests: total, counts }, null, 2),
      );
  });
});

afterAll(() => rmSync(join(tmpdir(), 'ab-forged-'), { force: true, recursive: true }));
