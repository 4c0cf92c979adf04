import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReceipt, type Job } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait } from '../ingest/helpers.ts';

/** AES-CBC of `johndoe@example.com` under the key below (FORMATS.md test vector). */
const ENCRYPTED_EMAIL = 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365';

describe('privacy of what the API returns (issue 15)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it('never returns a checkpoint from GET /v1/jobs (an inline export definition leaked by the job list)', async () => {
    const now = new Date().toISOString();
    await stack.runtime.jobs.put({
      jobId: 'export:inline:1',
      type: 'export',
      status: 'running',
      createdAt: now,
      updatedAt: now,
      receipt: emptyReceipt('csv', 'full'),
      attempts: 1,
      startedBy: 'test',
      checkpoint: { definition: { listId: 'api.secret', dataSource: 'crm_email' } },
    });
    const listed = await stack.fetchJson<{ jobs: Job[] }>('/v1/jobs?type=export');
    expect(listed.status).toBe(200);
    expect(listed.body.jobs.map((j) => j.jobId)).toEqual(['export:inline:1']);
    expect(listed.body.jobs[0]).not.toHaveProperty('checkpoint');
    expect(JSON.stringify(listed.body)).not.toContain('api.secret');
    const one = await stack.fetchJson<Job>('/v1/jobs/export:inline:1');
    expect(one.body).not.toHaveProperty('checkpoint');
  });

  it('returns the decrypted address of an address-only member only to identities:read (members leak to audiences:read)', async () => {
    const put = await stack.fetchJson('/v1/data-sources/enc_mail', {
      method: 'PUT',
      body: {
        kind: 'declared',
        dpid: 999,
        reconciliationKey: 'email',
        encoding: 'aes-cbc',
        aes: { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
        channel: 'email',
      },
    });
    expect(put.status).toBe(200);
    const job = await dropAndWait(
      stack,
      'inbound/S3_1_999_iter_1486140844950.sync',
      `${ENCRYPTED_EMAIL} 95 \n`,
    );
    expect(job.receipt.membershipsAdded).toBe(1);
    const reader = await stack.token(['audiences:read']);
    const hidden = await stack.fetchJson('/v1/lists/aam.95/members', { token: reader });
    expect(hidden.body).toEqual({ members: [{ channel: 'email' }] });
    const identities = await stack.token(['audiences:read', 'identities:read']);
    const shown = await stack.fetchJson('/v1/lists/aam.95/members', { token: identities });
    expect(shown.body).toEqual({ members: [{ address: 'johndoe@example.com', channel: 'email' }] });
  });
});
