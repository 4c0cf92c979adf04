import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, seedRecipients } from './helpers.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('list naming and membership rules', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2]);
  });
  afterAll(() => stack.stop());

  it('refuses an API list under the aam. and aep. prefixes that segment ingest owns', async () => {
    const answer = await stack.fetchJson<ErrorBody>('/v1/lists', {
      method: 'POST',
      body: { name: 'x', listId: 'aam.1' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(
      'body.listId: expected an ID not starting with aam. or aep. (reserved for segment ingest)',
    );
  });

  it('refuses to add an ID that is no recipient, naming its position', async () => {
    expect(
      (await stack.fetchJson('/v1/lists', { method: 'POST', body: { name: 'vip', listId: 'api.vip' } }))
        .status,
    ).toBe(201);
    const answer = await stack.fetchJson<ErrorBody>('/v1/lists/api.vip/members', {
      method: 'POST',
      body: { add: ['r-1', 'nope'] },
    });
    expect(answer).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { error: { code: 'bad_request', message: 'add.1: no recipient with this ID' } },
    });
    expect(await memberKeys(stack, 'api.vip')).toEqual([]);
  });

  it('serves a list made from a key-value trait through the API', async () => {
    const job = await dropAndWait(
      stack,
      'inbound/ftp_dpm_21_1486140845.sync',
      `${ecid(1)}\t"tier"="gold", d_sid=5\n`,
    );
    expect(job.receipt).toMatchObject({ linesRead: 1, recordsProcessed: 1, membershipsAdded: 2 });
    const list = await stack.fetchJson<{ listId: string; size: number }>(
      `/v1/lists/${encodeURIComponent('aam.tier=gold')}`,
    );
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ listId: 'aam.tier=gold', size: 1 });
    const members = await stack.fetchJson<{ members: { recipientId: string }[] }>(
      `/v1/lists/${encodeURIComponent('aam.tier=gold')}/members`,
    );
    expect(members.body.members).toEqual([{ recipientId: 'r-1' }]);
  });

  it('matches an AAM UUID synced by an ID-sync file in a segment file keyed by DPID 0', async () => {
    const uuid = ecid(40);
    const source = await stack.fetchJson('/v1/data-sources/loyalty', {
      method: 'PUT',
      body: {
        kind: 'declared',
        dpid: 98765,
        reconciliationKey: 'recipientId',
        encoding: 'plain',
        channel: 'other',
      },
    });
    expect(source.status).toBe(200);
    await dropAndWait(stack, 'inbound/c2c_id_0_98765_1486140847.sync', `${uuid}\tr-2\n`);
    const job = await dropAndWait(stack, 'inbound/S3_1_0_iter_1486140848000.sync', `${uuid} 70 \n`);
    expect(job.receipt).toMatchObject({ recordsProcessed: 1, unmatchedIds: 0, membershipsAdded: 1 });
    expect(await memberKeys(stack, 'aam.70')).toEqual(['r-2']);
  });
});
