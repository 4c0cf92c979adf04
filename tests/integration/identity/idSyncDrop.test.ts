import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '../../helpers/awsCli.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

const MASTER = 777001;
const PARTNER_ID = '00123456789012345670012345678901234567';
const OTHER_ID = '00223456789012345670022345678901234567';
const JOHN_SHA256 = '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149';
const UNKNOWN_SHA256 = 'a6ea4cde5da5ae7cc68baae894d1d6544fca26254433b0fff7c2cb4843b4a097';

describe('ID-sync drop (issue 4 acceptance)', () => {
  let stack: TestStack;
  let dir: string;
  beforeAll(async () => {
    stack = await startTestStack();
    dir = mkdtempSync(join(tmpdir(), 'ab-idsync-'));
  });
  afterAll(async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a partner visitor ID to the recipient of its hashed email when a CRLF c2c file without final newline is copied with the AWS CLI', async () => {
    await stack.fetchJson('/v1/data-sources/crm_hashed', {
      method: 'PUT',
      body: {
        kind: 'declared',
        dpid: 4242,
        reconciliationKey: 'email',
        encoding: 'sha256',
        channel: 'email',
      },
    });
    expect(
      (
        await stack.fetchJson('/v1/recipients/r-john', {
          method: 'PUT',
          body: { email: 'JohnDoe@Example.com' },
        })
      ).status,
    ).toBe(200);

    const name = `c2c_id_${MASTER}_4242_1486140844.sync`;
    const file = join(dir, name);
    writeFileSync(
      file,
      `${PARTNER_ID}\t${JOHN_SHA256}\r\n${OTHER_ID}\t${UNKNOWN_SHA256}\r\n\r\n${OTHER_ID}\tnot-a-hash\r\n${PARTNER_ID}`,
    );
    await aws(stack.s3Endpoint, ['s3', 'cp', file, `s3://${stack.bucket}/inbound/${name}`]);
    const job = await stack.waitForJob(`ingest:inbound/${name}`);

    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({
      format: 'aam-idsync',
      linesRead: 4,
      recordsProcessed: 2,
      formatErrors: 1,
      invalidIds: 1,
      idLinks: 2,
    });
    expect(job.receipt.errors.map((e) => e.line)).toEqual([4, 5]);
    const found = await stack.fetchJson<{
      recipientId: string | null;
      linked: { namespace: string; value: string }[];
    }>(`/v1/identities/dpid%3A${MASTER}/${PARTNER_ID}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      namespace: `dpid:${MASTER}`,
      value: PARTNER_ID,
      recipientId: 'r-john',
      linked: [{ namespace: 'crm_hashed', value: JOHN_SHA256 }],
    });
    const unknown = await stack.fetchJson<{ recipientId: string | null }>(
      `/v1/identities/dpid%3A${MASTER}/${OTHER_ID}`,
    );
    expect(unknown.body.recipientId).toBeNull();
    const reconciled = await stack.fetchJson<{ results: { recipientId: string | null }[] }>('/v1/reconcile', {
      method: 'POST',
      body: { ids: [{ namespace: `dpid:${MASTER}`, value: PARTNER_ID }] },
    });
    expect(reconciled.body.results[0]?.recipientId).toBe('r-john');
    // No carriage return reached any stored value.
    const stored = JSON.stringify(
      await stack.runtime.identity.lookup({ namespace: `dpid:${MASTER}`, value: PARTNER_ID }),
    );
    expect(stored).not.toContain('\\r');
  });
});
