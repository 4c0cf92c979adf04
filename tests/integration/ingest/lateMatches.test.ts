import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Receipt } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, receipt, seedRecipients } from './helpers.ts';

describe('late matches through the local stack', () => {
  let stack: TestStack;
  const rematchJobs = async (): Promise<Job[]> =>
    (await stack.fetchJson<{ jobs: Job[] }>('/v1/jobs?type=rematch&limit=100')).body.jobs;

  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3, 4, 5]);
  });
  afterAll(() => stack.stop());

  it('keeps an unmatched membership pending and applies it when an ID-sync row makes the ID match', async () => {
    const job = await dropAndWait(stack, 'inbound/S3_1_7101_iter_1486142000000.sync', 'P-1 81\nP-9 81\n');
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 2,
        recordsProcessed: 2,
        unmatchedIds: 2,
        unmatched: { unknownId: 2 } as Receipt['unmatched'],
        pendingMemberships: 2,
        segments: ['81'],
        warnings: ['applied nothing: none of the 2 valid IDs matched a recipient; mostly unknownId (2)'],
      }),
    );
    expect(await memberKeys(stack, 'aam.81')).toEqual([]);
    const key = 'inbound/7101_8888_1486142001.sync';
    const sync = await dropAndWait(stack, key, `P-1\t${ecid(1)}\n`);
    expect(sync.receipt).toMatchObject({ recordsProcessed: 1, idLinks: 1 });
    const rematch = await stack.runtime.jobs.get(`rematch:ingest:${key}`);
    expect(rematch).toMatchObject({ type: 'rematch', status: 'succeeded' });
    expect(rematch?.receipt).toEqual(
      receipt({ mode: 'incremental', recordsProcessed: 1, membershipsAdded: 1 }),
    );
    expect(await memberKeys(stack, 'aam.81')).toEqual(['r-1']);
    // The same link again finds nothing pending: no second application.
    await dropAndWait(stack, 'inbound/7101_8888_1486142002.sync', `P-1\t${ecid(1)}\n`);
    expect(await stack.runtime.jobs.get('rematch:ingest:inbound/7101_8888_1486142002.sync')).toBeUndefined();
    const history = (await stack.runtime.lists.getStored('aam.81'))?.history;
    expect(history?.map(({ size, matchRate }) => ({ size, matchRate }))).toEqual([{ size: 0, matchRate: 0 }]);
  });

  it('applies a pending AEP membership when the recipient with that email is written', async () => {
    const name = 'inbound/Dest_segmentlate-1_20261201160000.csv';
    const job = await dropAndWait(
      stack,
      name,
      'personalEmail_address\nuser1@example.com\nlate@example.com\n',
    );
    expect(job.receipt).toMatchObject({ membershipsAdded: 1, pendingMemberships: 1, unmatchedIds: 1 });
    const before = (await rematchJobs()).length;
    const put = await stack.fetchJson('/v1/recipients/r-late', {
      method: 'PUT',
      body: { email: 'Late@Example.com' },
    });
    expect(put.status).toBe(200);
    const jobs = await rematchJobs();
    expect(jobs).toHaveLength(before + 1);
    expect(jobs[0]).toMatchObject({
      status: 'succeeded',
      receipt: { membershipsAdded: 1, recordsProcessed: 1 },
    });
    expect(jobs[0]?.jobId).toMatch(/^rematch:recipient:[0-9a-f-]{36}$/);
    expect(await memberKeys(stack, 'aep.late-1')).toEqual(['r-1', 'r-late']);
    const history = (await stack.runtime.lists.getStored('aep.late-1'))?.history;
    expect(history?.map(({ size, matchRate }) => ({ size, matchRate }))).toEqual([
      { size: 1, matchRate: 0.5 },
    ]);
  });

  it('forgets a pending membership on an iter removal, and a full file replaces the pending ones', async () => {
    await dropAndWait(stack, 'inbound/S3_1_7102_iter_1486143000000.sync', 'Q-1 82\nQ-2 83\n');
    const removal = await dropAndWait(stack, 'inbound/S3_1_7102_iter_1486143001000.sync', 'Q-1  82\n');
    expect(removal.receipt).toMatchObject({ pendingMemberships: 0, unmatchedIds: 1 });
    const full = await dropAndWait(stack, 'inbound/S3_1_7102_full_1486143002000.sync', 'Q-3 83\n');
    expect(full.receipt).toMatchObject({ mode: 'full', pendingMemberships: 1 });
    const key = 'inbound/7102_8888_1486143003.sync';
    await dropAndWait(stack, key, `Q-1\t${ecid(2)}\nQ-2\t${ecid(3)}\nQ-3\t${ecid(4)}\n`);
    expect((await stack.runtime.jobs.get(`rematch:ingest:${key}`))?.receipt).toMatchObject({
      recordsProcessed: 1,
      membershipsAdded: 1,
    });
    expect(await memberKeys(stack, 'aam.82')).toEqual([]);
    expect(await memberKeys(stack, 'aam.83')).toEqual(['r-4']);
  });

  it('never applies an expired pending membership, and sweeps it when read', async () => {
    const key = 'ID#dpid:7103#X-1';
    await stack.runtime.pending.put([{ key, listId: 'aam.84', keys: [key], ts: 0, exp: Date.now() - 1 }]);
    const sync = 'inbound/7103_8888_1486144000.sync';
    await dropAndWait(stack, sync, `X-1\t${ecid(5)}\n`);
    expect(await stack.runtime.jobs.get(`rematch:ingest:${sync}`)).toBeUndefined();
    expect(await stack.runtime.pending.ofKey(key)).toEqual([]);
    expect(await stack.runtime.pending.markedAmong([key])).toEqual(new Set());
  });
});
