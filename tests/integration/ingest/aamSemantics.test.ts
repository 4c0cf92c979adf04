import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, receipt, seedRecipients } from './helpers.ts';

const GAID_1 = '97987bca-ae59-4c7d-94ba-ee4f19ab8c21';
const GAID_2 = '0f5e3b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('exact AAM semantics through the local stack', () => {
  let stack: TestStack;
  const ok = async (path: string, method: 'PUT' | 'POST', body: unknown) => {
    const answer = await stack.fetchJson<{ jobId?: string }>(path, { method, body });
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return answer.body;
  };
  const read = async (key: string) => {
    const out = await stack.runtime.clients.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  };
  const exportNow = async (sharedAudience: string) => {
    const started = await ok('/v1/exports', 'POST', { sharedAudience });
    return stack.waitForJob(started.jobId ?? '');
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3]);
  });
  afterAll(() => stack.stop());

  it('removes an ID with no traits from every list its partner feeds, not only the segments of the file', async () => {
    await ok('/v1/partners/shop', 'PUT', { lists: ['aam.8*'], fullReplace: false, recipients: false });
    // Lists of partner shop (aam.81, aam.82) and one it does not feed (aam.91, the default partner's).
    await dropAndWait(
      stack,
      'inbound/shop/S3_1_4001_iter_1486141000000.sync',
      `${ecid(1)} 81,82\n${ecid(2)} 81\n`,
    );
    await dropAndWait(stack, 'inbound/S3_1_4001_iter_1486141001000.sync', `${ecid(1)} 91\n`);
    const name = 'inbound/shop/ftp_dpm_4001_1486141002.sync';
    const job = await dropAndWait(stack, name, `${ecid(1)}\n${ecid(2)}\t83\n`);
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-inbound',
        mode: 'sync',
        linesRead: 2,
        recordsProcessed: 2,
        membershipsAdded: 1,
        membershipsRemoved: 2,
        segments: ['83'],
      }),
    );
    expect(await memberKeys(stack, 'aam.81')).toEqual(['r-2']);
    expect(await memberKeys(stack, 'aam.82')).toEqual([]);
    expect(await memberKeys(stack, 'aam.83')).toEqual(['r-2']);
    expect(await memberKeys(stack, 'aam.91')).toEqual(['r-1']);
  });

  it('leaves the other lists alone when an ID with no traits comes in an .overwrite file', async () => {
    const job = await dropAndWait(
      stack,
      'inbound/ftp_dpm_4001_1486141003.overwrite',
      `${ecid(2)}\t92\n${ecid(1)}\n`,
    );
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-inbound',
        mode: 'overwrite',
        linesRead: 2,
        recordsProcessed: 2,
        membershipsAdded: 1,
        segments: ['92'],
      }),
    );
    expect(await memberKeys(stack, 'aam.92')).toEqual(['r-2']);
    expect(await memberKeys(stack, 'aam.91')).toEqual(['r-1']);
  });

  it('exports every linked ECID of a recipient, one row each, and only the changed ones incrementally', async () => {
    await ok('/v1/data-sources/visitors', 'PUT', {
      kind: 'visitor',
      dpid: 4100,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
    });
    await stack.runtime.identity.linkIds([{ namespace: 'ecid', value: ecid(11) }], 'r-1');
    await ok('/v1/lists', 'POST', { listId: 'api.ecids', name: 'ecids' });
    await ok('/v1/lists/api.ecids/members', 'POST', { add: ['r-1', 'r-2'] });
    await ok('/v1/shared-audiences/ecids', 'PUT', {
      listId: 'api.ecids',
      dataSource: 'visitors',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '5',
    });
    const first = await exportNow('ecids');
    expect(first.receipt).toMatchObject({ mode: 'full', recordsProcessed: 2, recordsWritten: 3 });
    expect((await read(first.outputKeys?.[0] ?? '')).split('\n').sort()).toEqual([
      '',
      `${ecid(1)}\td_sid=5`,
      `${ecid(2)}\td_sid=5`,
      `${ecid(11)}\td_sid=5`,
    ]);
    await stack.runtime.identity.linkIds([{ namespace: 'ecid', value: ecid(12) }], 'r-2');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await exportNow('ecids');
    expect(second.receipt).toMatchObject({ mode: 'incremental', membershipsAdded: 1, membershipsRemoved: 0 });
    expect(await read(second.outputKeys?.[0] ?? '')).toBe(`${ecid(12)}\td_sid=5\n`);
  });

  it("names a device-ID export ftp_dpm_20914_<owner DPID>_<ts>.sync and writes the recipients' GAIDs", async () => {
    await stack.runtime.identity.linkIds([{ namespace: 'gaid', value: GAID_1 }], 'r-3');
    await stack.runtime.identity.linkIds([{ namespace: 'gaid', value: GAID_2 }], 'r-3');
    await ok('/v1/lists', 'POST', { listId: 'api.devices', name: 'devices' });
    await ok('/v1/lists/api.devices/members', 'POST', { add: ['r-1', 'r-3'] });
    const noOwner = await stack.fetchJson('/v1/shared-audiences/devices', {
      method: 'PUT',
      body: {
        listId: 'api.devices',
        dataSource: 'gaid',
        format: 'aam-inbound',
        mode: 'incremental',
        traitId: '6',
      },
    });
    expect(noOwner.status).toBe(400);
    expect(noOwner.body).toEqual({
      error: {
        code: 'bad_request',
        message: "owner: an aam-inbound export of device IDs needs its owner's data source, with a dpid",
      },
    });
    await ok('/v1/shared-audiences/devices', 'PUT', {
      listId: 'api.devices',
      dataSource: 'gaid',
      owner: 'visitors',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '6',
    });
    const job = await exportNow('devices');
    expect(job.receipt).toMatchObject({ recordsProcessed: 2, recordsWritten: 2, recordsWithoutId: 1 });
    const [dataKey] = job.outputKeys ?? [];
    expect(dataKey).toMatch(/^outbound\/devices\/date=\d{4}-\d{2}-\d{2}\/ftp_dpm_20914_4100_\d{10}\.sync$/);
    expect(await read(dataKey ?? '')).toBe(`${GAID_1}\td_sid=6\n${GAID_2}\td_sid=6\n`);
  });
});
