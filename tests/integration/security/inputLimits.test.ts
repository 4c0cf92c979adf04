import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

type ErrorBody = { error: { code: string; message: string } };

/** 171 three-byte characters: 171 characters (under every character cap), 513 UTF-8 bytes. */
const ID_513_BYTES = '€'.repeat(171);

describe('input limits through the local stack', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    const made = await stack.fetchJson('/v1/lists', { body: { listId: 'api.limits', name: 'limits' } });
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** Calls the API and checks the status, the error code and that the message starts with the field. */
  async function refused(
    path: string,
    options: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown },
    status: number,
    field: string,
  ): Promise<string> {
    const answer = await stack.fetchJson<ErrorBody>(path, options);
    expect({ path, status: answer.status }).toEqual({ path, status });
    expect(answer.body.error.message.startsWith(`${field}: `), answer.body.error.message).toBe(true);
    return answer.body.error.message;
  }

  it('answers 413 naming body when a body is over 6 MB', async () => {
    const body = JSON.stringify({ attributes: { a: 'x'.repeat(6 * 1024 * 1024) } });
    const message = await refused('/v1/recipients/r-big', { method: 'PUT', body }, 413, 'body');
    expect(message).toMatch(/^body: expected at most 6291456 bytes/);
  });

  it('answers 400 naming body when JSON is nested 33 levels deep or is not JSON', async () => {
    const deep = `${'['.repeat(33)}${']'.repeat(33)}`;
    expect(await refused('/v1/reconcile', { body: deep }, 400, 'body')).toBe(
      'body: expected JSON nested at most 32 levels deep',
    );
    expect(await refused('/v1/reconcile', { body: '{"ids": [' }, 400, 'body')).toBe(
      'body: expected valid JSON',
    );
  });

  it('answers 400 naming the field when a free string is over its cap', async () => {
    await refused('/v1/lists', { body: { name: 'n'.repeat(257) } }, 400, 'body.name');
    await refused(
      '/v1/recipients/r-1',
      { method: 'PUT', body: { attributes: { tier: 'x'.repeat(1025) } } },
      400,
      'body.attributes.tier',
    );
    await refused(
      '/v1/recipients/r-1',
      { method: 'PUT', body: { email: 'x'.repeat(513) } },
      400,
      'body.email',
    );
    await refused(
      '/v1/shared-audiences/weekly',
      {
        method: 'PUT',
        body: {
          listId: 'api.limits',
          dataSource: 'crm',
          format: 'csv',
          mode: 'full',
          purpose: 'p'.repeat(101),
        },
      },
      400,
      'body.purpose',
    );
    await refused(
      '/v1/data-sources/crm_limits',
      {
        method: 'PUT',
        body: {
          kind: 'declared',
          reconciliationKey: 'k'.repeat(65),
          encoding: 'plain',
          channel: 'email',
        },
      },
      400,
      'body.reconciliationKey',
    );
  });

  it('answers 400 naming the field when an ID is over 512 bytes', async () => {
    const encoded = encodeURIComponent(ID_513_BYTES);
    await refused(`/v1/recipients/${encoded}`, { method: 'PUT', body: {} }, 400, 'path.recipientId');
    await refused(`/v1/recipients/${encoded}`, {}, 400, 'path.recipientId');
    await refused(`/v1/identities/crm/${encoded}`, {}, 400, 'path.value');
    await refused(
      '/v1/reconcile',
      {
        body: {
          ids: [
            { namespace: 'crm', value: 'ok' },
            { namespace: 'crm', value: ID_513_BYTES },
          ],
        },
      },
      400,
      'body.ids.1.value',
    );
    await refused(
      '/v1/identities/links',
      { body: { ids: [{ namespace: 'crm', value: ID_513_BYTES }] } },
      400,
      'body.ids.0.value',
    );
    await refused('/v1/lists/api.limits/members', { body: { add: [ID_513_BYTES] } }, 400, 'body.add.0');
  });

  it('answers 400 naming ids when a reconcile has 1,001 IDs and answers 1,000 in order', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => ({ namespace: 'crm', value: `c-${i}` }));
    expect(await refused('/v1/reconcile', { body: { ids } }, 400, 'body.ids')).toBe(
      'body.ids: expected at most 1000 items',
    );
    const ok = await stack.fetchJson<{ results: { value: string }[] }>('/v1/reconcile', {
      body: { ids: ids.slice(0, 1000) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toHaveLength(1000);
    expect(ok.body.results[999]?.value).toBe('c-999');
  });

  it('answers 400 naming add when a list change has 10,001 IDs', async () => {
    const add = Array.from({ length: 6000 }, (_, i) => `r-${i}`);
    const remove = Array.from({ length: 4001 }, (_, i) => `q-${i}`);
    expect(await refused('/v1/lists/api.limits/members', { body: { add, remove } }, 400, 'body.add')).toBe(
      'body.add: expected at most 10000 IDs in add and remove together',
    );
    expect((await stack.fetchJson<{ size: number }>('/v1/lists/api.limits')).body.size).toBe(0);
  });

  it('answers 400 naming the parameter when a path parameter is not a valid name', async () => {
    await refused('/v1/lists/a%20b', {}, 400, 'path.listId');
    await refused('/v1/lists/..%2Fjobs', {}, 400, 'path.listId');
    await refused('/v1/lists/%E0%A4%A', {}, 400, 'listId');
    await refused('/v1/lists/a%23b/members', { body: { add: ['r-1'] } }, 400, 'path.listId');
    await refused('/v1/data-sources/Upper', {}, 400, 'path.name');
    await refused('/v1/data-sources/email', { method: 'PUT', body: {} }, 400, 'path.name');
    await refused('/v1/shared-audiences/.hidden', {}, 400, 'path.name');
    await refused('/v1/jobs/nope', {}, 400, 'path.jobId');
    await refused('/v1/jobs/ingest%3A%00x', {}, 400, 'path.jobId');
    await refused('/v1/recipients/%20r-1', {}, 400, 'path.recipientId');
    await refused('/v1/recipients/null', { method: 'DELETE' }, 400, 'path.recipientId');
    // `#` separates namespace and value in keys: a namespace carrying one could address another ID.
    await refused('/v1/identities/crm%23a/b', {}, 400, 'path.namespace');
    await refused('/v1/identities/CRM/b', {}, 400, 'path.namespace');
  });

  it('answers 400 naming the query field when a cursor, limit or date is not valid', async () => {
    await refused('/v1/jobs?type=ingest&cursor=not-a-cursor', {}, 400, 'cursor');
    const foreign = Buffer.from(
      JSON.stringify({ pk: 'AUDIT#x', sk: 'y', gsi1pk: 'JOBS#export', gsi1sk: 'z' }),
    ).toString('base64url');
    await refused(`/v1/jobs?type=ingest&cursor=${foreign}`, {}, 400, 'cursor');
    await refused('/v1/jobs?limit=101', {}, 400, 'query.limit');
    await refused('/v1/lists/api.limits/members?cursor=xyz', {}, 400, 'cursor');
    await refused('/v1/lists/api.limits/members?limit=0', {}, 400, 'query.limit');
    await refused('/v1/audit?date=2026-02-30', {}, 400, 'query.date');
    await refused('/v1/audit', {}, 400, 'query.date');
    await refused('/v1/audit?date=2026-01-01&cursor=abc', {}, 400, 'cursor');
  });
});
