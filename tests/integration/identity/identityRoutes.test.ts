import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../functions/api/routes/index.ts';
import { createApiHandler } from '../../../functions/middleware/createApiHandler.ts';
import { identityRoutes } from '../../../functions/reconcile/routes/index.ts';
import { createRuntime, setRuntime } from '../../../functions/runtime.ts';
import { type RunningDynamo, startDynamo } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import type { HttpMethod } from '../../../shared/http/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { apiEvent, lambdaContext } from '../../helpers/apiEvent.ts';

const ECID = '12345678901234567890123456789012345678';
const KEY = { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' };

describe('identity routes', () => {
  let dynamo: RunningDynamo;
  const api = createApiHandler(apiRoutes);
  const identity = createApiHandler(identityRoutes);

  async function call(method: HttpMethod, path: string, body?: unknown, scope?: string | null) {
    const handler = path.startsWith('/v1/data-sources') ? api : identity;
    const answer = await handler(apiEvent({ method, path, body, scope }), lambdaContext);
    return { status: answer.statusCode, body: answer.body ? JSON.parse(answer.body) : undefined };
  }

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    const config = loadConfig({
      AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
      AB_TABLE: 'identity-routes',
      AB_HOME: mkdtempSync(join(tmpdir(), 'ab-routes-')),
      LOG_LEVEL: 'ERROR',
    });
    const runtime = createRuntime({
      config,
      dispatcher: { enqueueExport: async () => {}, enqueueIngest: async () => {} },
    });
    await createTable(runtime.clients.ddb, config.table);
    setRuntime(runtime);
  });
  afterAll(async () => {
    setRuntime(undefined);
    await dynamo.stop();
  });

  it('stores a data source without ever echoing its key', async () => {
    const body = {
      kind: 'declared',
      dpid: 999999,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: KEY,
      channel: 'email',
    };
    const put = await call('PUT', '/v1/data-sources/crm_enc', body);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: 'crm_enc',
      hasKey: true,
      forceReconciliation: false,
      importEnabled: true,
    });
    const list = await call('GET', '/v1/data-sources');
    const one = await call('GET', '/v1/data-sources/crm_enc');
    expect(list.body.dataSources).toHaveLength(1);
    expect(one.body).toEqual(put.body);
    const text = JSON.stringify([put.body, list.body, one.body]).toLowerCase();
    expect(text).not.toContain(KEY.keyHex.toLowerCase());
    expect(text).not.toContain(KEY.ivHex.toLowerCase());
  });

  it('answers 403 without admin, 400 naming the field for a bad key, 404 for an unknown source', async () => {
    expect((await call('GET', '/v1/data-sources', undefined, 'identities:write')).status).toBe(403);
    const bad = await call('PUT', '/v1/data-sources/x', {
      kind: 'declared',
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: { keyHex: 'abc', ivHex: KEY.ivHex },
      channel: 'email',
    });
    expect(bad).toEqual({
      status: 400,
      body: {
        error: { code: 'bad_request', message: 'body.aes.keyHex: expected 128, 192 or 256 bits as hex' },
      },
    });
    expect((await call('GET', '/v1/data-sources/nope')).status).toBe(404);
  });

  it('links, looks up and reconciles through a percent-encoded DPID namespace', async () => {
    const put = await call(
      'PUT',
      '/v1/recipients/r-1',
      { email: 'JohnDoe@example.com', attributes: { tier: 'gold' } },
      'identities:write',
    );
    expect(put.status).toBe(200);
    expect(put.body.ids.email).toEqual(['johndoe@example.com']);
    const link = await call(
      'POST',
      '/v1/identities/links',
      {
        ids: [
          { namespace: 'ecid', value: ECID },
          { namespace: 'dpid:424242', value: 'partner-7' },
        ],
      },
      'identities:write',
    );
    expect(link).toEqual({
      status: 200,
      body: {
        recipientId: null,
        ids: [
          { namespace: 'ecid', value: ECID },
          { namespace: 'dpid:424242', value: 'partner-7' },
        ],
      },
    });
    const linkToRecipient = await call(
      'POST',
      '/v1/identities/links',
      { recipientId: 'r-1', ids: [{ namespace: 'dpid:424242', value: 'partner-7' }] },
      'identities:write',
    );
    expect(linkToRecipient.body.recipientId).toBe('r-1');
    const lookup = await call('GET', '/v1/identities/dpid%3A424242/partner-7', undefined, 'identities:read');
    expect(lookup).toEqual({
      status: 200,
      body: {
        namespace: 'dpid:424242',
        value: 'partner-7',
        recipientId: 'r-1',
        linked: [{ namespace: 'ecid', value: ECID }],
      },
    });
    const reconciled = await call(
      'POST',
      '/v1/reconcile',
      {
        ids: [
          { namespace: 'ecid', value: ECID },
          {
            namespace: 'dpid:999999',
            value: 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365',
          },
          { namespace: 'email', value: 'none' },
          { namespace: 'ecid', value: '1' },
          { namespace: 'email', value: 'someone@example.com' },
        ],
      },
      'identities:read',
    );
    expect(reconciled).toEqual({
      status: 200,
      body: {
        results: [
          { namespace: 'ecid', value: ECID, recipientId: 'r-1' },
          {
            namespace: 'dpid:999999',
            value: 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365',
            recipientId: 'r-1',
          },
          {
            namespace: 'email',
            value: 'none',
            recipientId: null,
            reason: 'blocked',
            detail: 'placeholder value',
          },
          {
            namespace: 'ecid',
            value: '1',
            recipientId: null,
            reason: 'invalid',
            detail: 'expected 38 digits',
          },
          { namespace: 'email', value: 'someone@example.com', recipientId: null, reason: 'unknown' },
        ],
      },
    });
  });

  it('answers 409 for a link that would join two recipients and for a taken email', async () => {
    await call('PUT', '/v1/recipients/r-2', { email: 'other@example.com' }, 'identities:write');
    const merge = await call(
      'POST',
      '/v1/identities/links',
      {
        ids: [
          { namespace: 'ecid', value: ECID },
          { namespace: 'email', value: 'other@example.com' },
        ],
      },
      'identities:write',
    );
    expect(merge.status).toBe(409);
    expect(merge.body.error.code).toBe('conflict');
    const taken = await call('PUT', '/v1/recipients/r-3', { email: 'OTHER@example.com' }, 'identities:write');
    expect(taken).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'email: already belongs to another recipient' } },
    });
  });

  it('answers 400 naming ids when a reconcile batch has 1,001 IDs', async () => {
    const ids = Array.from({ length: 1001 }, () => ({ namespace: 'ecid', value: ECID }));
    expect(await call('POST', '/v1/reconcile', { ids }, 'identities:read')).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: 'body.ids: expected at most 1000 items' } },
    });
  });

  it('erases a recipient so it no longer reconciles', async () => {
    expect((await call('DELETE', '/v1/recipients/r-1', undefined, 'identities:write')).status).toBe(204);
    expect((await call('GET', '/v1/recipients/r-1', undefined, 'identities:read')).status).toBe(404);
    expect((await call('DELETE', '/v1/recipients/r-1', undefined, 'identities:write')).status).toBe(404);
    const after = await call(
      'POST',
      '/v1/reconcile',
      {
        ids: [
          { namespace: 'ecid', value: ECID },
          { namespace: 'email', value: 'johndoe@example.com' },
          { namespace: 'dpid:424242', value: 'partner-7' },
        ],
      },
      'identities:read',
    );
    expect(after.body.results.map((r: { recipientId: string | null }) => r.recipientId)).toEqual([
      null,
      null,
      null,
    ]);
    expect(
      (await call('GET', '/v1/identities/dpid%3A424242/partner-7', undefined, 'identities:read')).status,
    ).toBe(404);
  });
});
