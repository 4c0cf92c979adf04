import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../../shared/jobs/index.ts';
import { DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, seedRecipients } from '../ingest/helpers.ts';

const ts = (n: number) => String(1486140844000 + n);

describe('partner isolation (issue 15)', () => {
  let stack: TestStack;
  let apiList: string;

  const putPartner = (name: string, body: unknown) =>
    stack.fetchJson(`/v1/partners/${name}`, { method: 'PUT', body });
  /** The job's receipt in `receipts/` (written just after its final status). */
  const receiptOf = async (jobId: string): Promise<Receipt> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await stack.runtime.clients.s3.send(
          new GetObjectCommand({ Bucket: stack.bucket, Key: `receipts/${jobId}.json` }),
        );
        return JSON.parse((await out.Body?.transformToString()) ?? '') as Receipt;
      } catch (error) {
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3]);
    const made = await stack.fetchJson<{ listId: string }>('/v1/lists', { body: { name: 'vip' } });
    apiList = made.body.listId;
    await stack.fetchJson(`/v1/lists/${apiList}/members`, { body: { add: ['r-1', 'r-2'] } });
    // AAM's segment 777, dropped through the default partner.
    const aam = await dropAndWait(
      stack,
      `inbound/S3_1_55555_iter_${ts(1)}.sync`,
      `${ecid(1)} 777\n${ecid(2)} 777\n`,
    );
    expect(aam.status).toBe('succeeded');
  });
  afterAll(() => stack.stop());

  it('refuses a full CSV in partner-b folder whose source column names api and aam lists (wipe_full)', async () => {
    const put = await putPartner('partner-b', {
      lists: ['partner-b.*'],
      fullReplace: true,
      recipients: false,
    });
    expect(put.status).toBe(200);
    const segment = apiList.slice('api.'.length);
    const key = 'inbound/partner-b/wipe_full.csv';
    const job = await dropAndWait(
      stack,
      key,
      `id,namespace,segment,source\n${ecid(3)},ecid,${segment},api\n${ecid(3)},ecid,777,aam\n`,
    );
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      code: 'forbidden',
      message: `partner partner-b: may not change list ${apiList}`,
    });
    expect((await receiptOf(job.jobId)).failure).toEqual(job.error);
    expect(await memberKeys(stack, apiList)).toEqual(['r-1', 'r-2']);
    expect(await memberKeys(stack, 'aam.777')).toEqual(['r-1', 'r-2']);
  });

  it('refuses a drop naming an api list even through the default partner, which may change every other list', async () => {
    const segment = apiList.slice('api.'.length);
    const job = await dropAndWait(
      stack,
      'inbound/any_full.csv',
      `id,namespace,segment,source\n${ecid(3)},ecid,${segment},api\n`,
    );
    expect(job.error).toEqual({
      code: 'forbidden',
      message: `partner default: may not change list ${apiList}`,
    });
    expect(await memberKeys(stack, apiList)).toEqual(['r-1', 'r-2']);
  });

  it('refuses a partner its DPIDs, its full files and recipient loads when its rights leave them out', async () => {
    await putPartner('aam', { lists: ['aam.*'], dpids: [55555], fullReplace: false, recipients: false });
    const otherDpid = await dropAndWait(stack, `inbound/aam/S3_1_555_iter_${ts(2)}.sync`, `${ecid(3)} 777\n`);
    expect(otherDpid.error).toEqual({ code: 'forbidden', message: 'partner aam: may not use DPID 555' });
    const full = await dropAndWait(stack, `inbound/aam/S3_1_55555_full_${ts(3)}.sync`, `${ecid(3)} 777\n`);
    expect(full.error).toEqual({
      code: 'forbidden',
      message: 'partner aam: may not send full files (fullReplace is off)',
    });
    const own = await dropAndWait(stack, `inbound/aam/S3_1_55555_iter_${ts(4)}.sync`, `${ecid(3)} 777\n`);
    expect(own.status).toBe('succeeded');
    expect(await memberKeys(stack, 'aam.777')).toEqual(['r-1', 'r-2', 'r-3']);

    await putPartner('default', { ...DEFAULT_PARTNER_RIGHTS, recipients: false });
    const recipients = await dropAndWait(
      stack,
      'inbound/recipients/load.csv',
      'recipientId,email\nr-9,a@b.co\n',
    );
    expect(recipients.error).toEqual({
      code: 'forbidden',
      message: 'partner default: may not load recipients',
    });
    expect((await stack.fetchJson('/v1/recipients/r-9')).status).toBe(404);
    await putPartner('default', DEFAULT_PARTNER_RIGHTS);
  });

  it('answers the partner routes to admin only, and the default partner npm start created', async () => {
    const reader = await stack.token(['audiences:read', 'audiences:write']);
    expect((await stack.fetchJson('/v1/partners/default', { token: reader })).status).toBe(403);
    const got = await stack.fetchJson('/v1/partners/default');
    expect(got.body).toMatchObject({ name: 'default', lists: ['*'], fullReplace: true, recipients: true });
    const bad = await putPartner('recipients', { lists: [], fullReplace: false, recipients: true });
    expect(bad.status).toBe(400);
  });
});
