import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

type ErrorBody = { error: { code: string; message: string } };
type Profile = { attributes?: Record<string, unknown>; consent?: Record<string, boolean>; email?: string };

/** A profile no test here may lose: each refused write is checked against it. */
const KEPT = { email: 'kept@example.com', attributes: { tier: 'gold' }, consent: { marketing: true } };

describe('recipient writes through the local stack', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    expect((await stack.fetchJson('/v1/recipients/kept', { method: 'PUT', body: KEPT })).status).toBe(200);
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** Sends a write that must be refused, checks status and message, and that the profile is unchanged. */
  async function refused(
    options: { method?: 'PUT' | 'PATCH'; body?: unknown; headers?: Record<string, string> },
    status: number,
    message: string | RegExp,
  ) {
    const before = (await stack.fetchJson('/v1/recipients/kept')).body;
    const answer = await stack.fetchJson<ErrorBody>('/v1/recipients/kept', { method: 'PUT', ...options });
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toMatch(message);
    expect((await stack.fetchJson('/v1/recipients/kept')).body).toEqual(before);
  }

  it('answers 400 naming the key when a map holds constructor, prototype or __proto__', async () => {
    const field = /^body\.(attributes|consent)\.(constructor|prototype|__proto__): expected a key other than/;
    await refused({ body: '{"attributes":{"constructor":"x"}}' }, 400, field);
    await refused({ body: '{"consent":{"constructor":true}}' }, 400, field);
    await refused({ body: '{"attributes":{"prototype":1}}' }, 400, field);
    await refused({ body: '{"attributes":{"__proto__":"x"}}' }, 400, field);
    await refused({ body: '{"__proto__":{"email":"x@example.com"}}' }, 400, /^body\.__proto__: /);
  });

  it('answers 400 for a lone surrogate and for a number DynamoDB cannot hold exactly', async () => {
    await refused(
      { body: '{"attributes":{"a":"\\ud800"}}' },
      400,
      /^body\.attributes\.a: expected well-formed Unicode/,
    );
    await refused(
      { body: '{"attributes":{"\\udc00":1}}' },
      400,
      /^body\.attributes: expected keys in well-formed/,
    );
    await refused({ body: { attributes: { big: 2 ** 60 } } }, 400, /^body\.attributes\.big: /);
    await refused({ body: { attributes: { tiny: 1e-200 } } }, 400, /^body\.attributes\.tiny: /);
  });

  it('answers 400 for 101 consent purposes and stores 100', async () => {
    const consent = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i % 2 === 0]));
    await refused({ body: { consent: consent(101) } }, 400, 'body.consent: expected at most 100 entries');
    const ok = await stack.fetchJson<Profile>('/v1/recipients/many-purposes', {
      method: 'PUT',
      body: { consent: consent(100) },
    });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.consent ?? {})).toHaveLength(100);
  });

  it('answers 413 naming the field when the item would pass 400 KB in UTF-8 though not in UTF-16', async () => {
    // 200 attributes of 1,024 three-byte characters: 204,800 UTF-16 units, 614,400 UTF-8 bytes.
    const attributes = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`a${i}`, '€'.repeat(1024)]));
    await refused(
      { body: { attributes } },
      413,
      /^recipient\.attributes: expected a stored item of at most 409600 bytes \(DynamoDB's limit\), got 61\d{4}$/,
    );
  });

  it('answers 400 when PUT has no body or a null one, and 415 for another media type', async () => {
    await refused({}, 400, 'body: expected a JSON body');
    await refused({ body: 'null' }, 400, /^body: /);
    await refused(
      { body: '{}', headers: { 'content-type': 'text/plain' } },
      415,
      'content-type: expected application/json',
    );
    await refused(
      { body: 'email=x@example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      /^content-type: /,
    );
  });

  it('merges a PATCH into the stored profile and removes what it sets to null', async () => {
    const put = await stack.fetchJson('/v1/recipients/patched', {
      method: 'PUT',
      body: {
        email: 'p@example.com',
        phone: '+16502530000',
        attributes: { tier: 'gold', city: 'Oslo' },
        labels: ['C2'],
      },
    });
    expect(put.status).toBe(200);
    const patched = await stack.fetchJson<Profile & { phone?: string; labels?: string[] }>(
      '/v1/recipients/patched',
      {
        method: 'PATCH',
        body: { phone: null, attributes: { tier: 'silver', city: null, seats: 3 }, consent: { sms: false } },
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      email: 'p@example.com',
      attributes: { tier: 'silver', seats: 3 },
      consent: { sms: false },
      labels: ['C2'],
    });
    expect(patched.body.phone).toBeUndefined();
    const stored = await stack.fetchJson<{ ids: Record<string, string[]> }>('/v1/recipients/patched');
    expect(stored.body).toEqual(patched.body);
  });

  it('answers 404 to a PATCH of an unknown recipient and 400 when the merged profile breaks a cap', async () => {
    const unknown = await stack.fetchJson<ErrorBody>('/v1/recipients/nobody', {
      method: 'PATCH',
      body: { email: 'n@example.com' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect((await stack.fetchJson('/v1/recipients/nobody')).status).toBe(404);
    const half = (from: number) =>
      Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`c${from + i}`, true]));
    expect(
      (await stack.fetchJson('/v1/recipients/capped', { method: 'PUT', body: { consent: half(0) } })).status,
    ).toBe(200);
    const over = await stack.fetchJson<ErrorBody>('/v1/recipients/capped', {
      method: 'PATCH',
      body: { consent: half(60) },
    });
    expect([over.status, over.body.error.message]).toEqual([
      400,
      'body.consent: expected at most 100 entries',
    ]);
  });

  it('records the names of the changed fields, never their values, in the audit entry of each write', async () => {
    await stack.fetchJson('/v1/recipients/audited', {
      method: 'PUT',
      body: { email: 'a@example.com', attributes: { tier: 'gold' } },
    });
    await stack.fetchJson('/v1/recipients/audited', {
      method: 'PATCH',
      body: { attributes: { tier: 'silver' }, consent: { email: true } },
    });
    await stack.fetchJson('/v1/recipients/audited', { method: 'PUT', body: { email: 'a@example.com' } });
    const today = new Date().toISOString().slice(0, 10);
    const audit = await stack.fetchJson<{ entries: AuditEntry[] }>(`/v1/audit?date=${today}&limit=100`);
    const writes = audit.body.entries
      .filter((e) => e.action.endsWith(' /v1/recipients/{recipientId}') && e.outcome === 200 && e.fields)
      .reverse()
      .slice(-3);
    expect(writes.map((e) => [e.action, e.fields])).toEqual([
      ['PUT /v1/recipients/{recipientId}', ['attributes.tier', 'email']],
      ['PATCH /v1/recipients/{recipientId}', ['attributes.tier', 'consent.email']],
      ['PUT /v1/recipients/{recipientId}', ['attributes.tier', 'consent.email']],
    ]);
    expect(JSON.stringify(writes)).not.toMatch(/gold|silver|a@example\.com/);
  });
});
