import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesCbcEncryptHex, sha256Hex } from '../../../shared/identifiers/index.ts';
import type { Receipt } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, receipt, seedRecipients } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/drops');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const GAID = '97987bca-ae59-4c7d-94ba-ee4f19ab8c21';
const IDFA = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
const KEY = { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' };
const OTHER_KEY = { keyHex: 'FEDCBA9876543210FEDCBA9876543210', ivHex: KEY.ivHex };

describe('real partner files through the local stack', () => {
  let stack: TestStack;
  const dataSource = async (name: string, body: Record<string, unknown>) => {
    const answer = await stack.fetchJson(`/v1/data-sources/${name}`, { method: 'PUT', body });
    expect(answer.status).toBe(200);
  };
  const link = async (ids: Array<{ namespace: string; value: string }>, recipientId?: string) => {
    const answer = await stack.fetchJson('/v1/identities/links', {
      method: 'POST',
      body: { ids, ...(recipientId ? { recipientId } : {}) },
    });
    expect(answer.status).toBe(200);
  };
  const unmatchedTsv = async (key: string): Promise<string> => {
    const out = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `receipts/${key}.unmatched.tsv` }),
    );
    return (await out.Body?.transformToString()) ?? '';
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3, 4, 5, 6]);
    await stack.runtime.identity.recipients.putMany([{ recipientId: 'john', email: 'johndoe@example.com' }]);
  });
  afterAll(() => stack.stop());

  it("reads Adobe's attribute-only AEP sample by its personalEmail_address column", async () => {
    const name = 'AdobeSample_segment12341e18-abcd-49c2-836d-123c88e76c39_20261201120000.csv';
    const key = `inbound/${name}`;
    const job = await dropAndWait(stack, key, fixture(name));
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toEqual(
      receipt({
        format: 'aep-csv',
        mode: 'incremental',
        linesRead: 3,
        recordsProcessed: 3,
        unmatchedIds: 2,
        unmatched: { unknownId: 2 } as Receipt['unmatched'],
        pendingMemberships: 2,
        membershipsAdded: 1,
        segments: ['12341e18-abcd-49c2-836d-123c88e76c39'],
      }),
    );
    expect(await memberKeys(stack, 'aep.12341e18-abcd-49c2-836d-123c88e76c39')).toEqual(['john']);
    expect(await unmatchedTsv(key)).toBe(
      '3\tunknownId\tjane.roe@example.com\n4\tunknownId\tsam.poe@example.org\n',
    );
  });

  it("replaces the segment's list with an AEP file when its partner's aepMode is full", async () => {
    const answer = await stack.fetchJson('/v1/partners/aep-full', {
      method: 'PUT',
      body: { lists: ['aep.*'], fullReplace: true, recipients: false, aepMode: 'full' },
    });
    expect(answer.status).toBe(200);
    const header = 'person_name_firstName,personalEmail_address\n';
    const name = (ts: string) => `Dest_segmentfull-1_${ts}.csv`;
    const first = await dropAndWait(
      stack,
      `inbound/${name('20261201140000')}`,
      `${header}A,user1@example.com\nB,user2@example.com\n`,
    );
    expect(first.receipt).toMatchObject({ mode: 'incremental', membershipsAdded: 2 });
    const full = await dropAndWait(
      stack,
      `inbound/aep-full/${name('20261201150000')}`,
      `${header}C,user3@example.com\n`,
    );
    expect(full.receipt).toEqual(
      receipt({
        format: 'aep-csv',
        mode: 'full',
        linesRead: 1,
        recordsProcessed: 1,
        membershipsAdded: 1,
        membershipsRemoved: 2,
        segments: ['full-1'],
      }),
    );
    expect(await memberKeys(stack, 'aep.full-1')).toEqual(['r-3']);
  });

  it('fails the whole job, naming the columns, when an AEP header has no identity column', async () => {
    const name = 'AttributesOnly_segment12341e18-abcd-49c2-836d-123c88e76c39_20261201130000.csv';
    const job = await dropAndWait(stack, `inbound/${name}`, fixture(name));
    const failure = {
      code: 'format_error',
      message:
        'header: no usable identity column (an identity namespace such as ECID, Email or CRMID, personalEmail_address, workEmail_address, mobilePhone_number, homePhone_number, workPhone_number or identityMap_<NAMESPACE>_id); found person_name_firstName, person_name_lastName, person_gender, person_birthYear',
    };
    expect(job.status).toBe('failed');
    expect(job.error).toEqual(failure);
    expect(job.receipt).toEqual({ ...receipt({ format: 'aep-csv', mode: 'incremental' }), failure });
  });

  it('reads a segment file keyed by a global DPID as GAIDs, and an ID-sync file as IDFAs', async () => {
    await link([{ namespace: 'gaid', value: GAID }], 'r-1');
    const sync = 'c2c_id_20915_163_1486140844.sync';
    const synced = await dropAndWait(stack, `inbound/${sync}`, fixture(sync));
    expect(synced.receipt).toEqual(
      receipt({
        format: 'aam-idsync',
        mode: 'sync',
        linesRead: 2,
        recordsProcessed: 1,
        invalidIds: 1,
        idLinks: 1,
        errors: [{ line: 2, reason: 'ids: invalid dpid:20915 (expected a UUID (8-4-4-4-12 hex digits))' }],
      }),
    );
    // The IDFA was synced with CRM ID crm-1 of DPID 163; linking that CRM ID to r-2 reaches the IDFA.
    await link([{ namespace: 'dpid:163', value: 'crm-1' }], 'r-2');
    const name = 'S3_1234_20914_XYZCustomer_iter_1486140844000.sync';
    const job = await dropAndWait(stack, `inbound/${name}`, fixture(name));
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 4,
        recordsProcessed: 3,
        invalidIds: 1,
        unmatchedIds: 2,
        unmatched: { unknownId: 1, blocked: 1 } as Receipt['unmatched'],
        pendingMemberships: 1,
        membershipsAdded: 2,
        segments: ['4321', '5555'],
        errors: [{ line: 3, reason: 'id: invalid dpid:20914 (expected a UUID (8-4-4-4-12 hex digits))' }],
      }),
    );
    expect(await memberKeys(stack, 'aam.4321')).toEqual(['r-1']);
    expect(await memberKeys(stack, 'aam.5555')).toEqual(['r-1']);
    expect((await stack.fetchJson(`/v1/identities/idfa/${IDFA}`)).body).toMatchObject({ recipientId: 'r-2' });
  });

  it('refuses a global DPID for a data source of its own', async () => {
    const answer = await stack.fetchJson('/v1/data-sources/devices', {
      method: 'PUT',
      body: {
        kind: 'visitor',
        dpid: 20914,
        reconciliationKey: 'recipientId',
        encoding: 'plain',
        channel: 'other',
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: {
        code: 'bad_request',
        message:
          'body.dpid: expected a DPID of your own, not a global data source (device IDs: 20914 GAID, 20915 IDFA, …)',
      },
    });
  });

  it('matches an ID synced under a DPID with the same ID in a segment file keyed by that DPID', async () => {
    await link([
      { namespace: 'recipientId', value: 'r-3' },
      { namespace: 'dpid:7001', value: 'P-3' },
    ]);
    // DPID 8888 has no data source: its 38-digit values are ECIDs, as in a segment file.
    const sync = await dropAndWait(stack, 'inbound/7001_8888_1486140900.sync', `P-4\t${ecid(4)}\n`);
    expect(sync.receipt).toMatchObject({ recordsProcessed: 1, idLinks: 1 });
    const job = await dropAndWait(
      stack,
      'inbound/S3_1_7001_iter_1486140900000.sync',
      'P-3 71\nP-4 71\nP-9 71\n',
    );
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 3,
        recordsProcessed: 3,
        unmatchedIds: 1,
        unmatched: { unknownId: 1 } as Receipt['unmatched'],
        pendingMemberships: 1,
        membershipsAdded: 2,
        segments: ['71'],
      }),
    );
    expect(await memberKeys(stack, 'aam.71')).toEqual(['r-3', 'r-4']);
  });

  it('still matches IDs synced before their data source was defined for the DPID', async () => {
    const sync = await dropAndWait(
      stack,
      'inbound/7002_8888_1486140901.sync',
      `L-5\t${ecid(5)}\nL-6\t${ecid(6)}\n`,
    );
    expect(sync.receipt).toMatchObject({ recordsProcessed: 2, idLinks: 2 });
    await dataSource('loyalty', {
      kind: 'declared',
      dpid: 7002,
      reconciliationKey: 'loyaltyId',
      encoding: 'plain',
      channel: 'other',
    });
    const job = await dropAndWait(stack, 'inbound/S3_1_7002_iter_1486140901000.sync', 'L-5 72\nL-6 72\n');
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 2,
        recordsProcessed: 2,
        membershipsAdded: 2,
        segments: ['72'],
      }),
    );
    expect(await memberKeys(stack, 'aam.72')).toEqual(['r-5', 'r-6']);
  });

  it('still matches every synced ID when the data source of a DPID is renamed (another source takes the DPID)', async () => {
    // Synced before any source had DPID 7012, then under the first source, then under the second.
    await dropAndWait(stack, 'inbound/7012_8888_1486140910.sync', `M-1\t${ecid(1)}\n`);
    const declared = { kind: 'declared', reconciliationKey: 'memberId', encoding: 'plain', channel: 'other' };
    await dataSource('members_old', { ...declared, dpid: 7012 });
    await dropAndWait(stack, 'inbound/7012_8888_1486140911.sync', `M-2\t${ecid(2)}\n`);
    // The rename: the old source gives the DPID up, a new one takes it.
    await dataSource('members_old', declared);
    const old = await stack.fetchJson('/v1/data-sources/members_old');
    expect(old.body).toMatchObject({ name: 'members_old', formerDpids: [7012] });
    await dataSource('members_new', { ...declared, dpid: 7012 });
    await dropAndWait(stack, 'inbound/7012_8888_1486140912.sync', `M-3\t${ecid(3)}\n`);
    const job = await dropAndWait(
      stack,
      'inbound/S3_1_7012_iter_1486140912000.sync',
      'M-1 76\nM-2 76\nM-3 76\n',
    );
    expect(job.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 3,
        recordsProcessed: 3,
        membershipsAdded: 3,
        segments: ['76'],
      }),
    );
    expect(await memberKeys(stack, 'aam.76')).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('names the reason of every miss: no recipient, blocked, encoding mismatch and forced', async () => {
    // Known (synced with another ID) but linked to no recipient.
    await dropAndWait(stack, 'inbound/7003_8888_1486140902.sync', `K-1\t${ecid(901)}\n`);
    const key = 'inbound/S3_1_7003_iter_1486140902000.sync';
    const known = await dropAndWait(stack, key, 'K-1 73\nnull 73\nK-2 73\n');
    expect(known.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 3,
        recordsProcessed: 3,
        unmatchedIds: 3,
        unmatched: { unknownId: 1, noRecipient: 1, blocked: 1 } as Receipt['unmatched'],
        pendingMemberships: 2,
        segments: ['73'],
        warnings: ['applied nothing: none of the 3 valid IDs matched a recipient; mostly unknownId (1)'],
      }),
    );
    expect(await unmatchedTsv(key)).toBe('2\tblocked\tnull\n1\tnoRecipient\tK-1\n3\tunknownId\tK-2\n');

    await dataSource('hashed_strict', {
      kind: 'declared',
      dpid: 7004,
      reconciliationKey: 'email',
      encoding: 'sha256',
      channel: 'email',
      unhashedValues: 'reject',
    });
    const hashed = await dropAndWait(
      stack,
      'inbound/S3_1_7004_iter_1486140903000.sync',
      `${sha256Hex('user1@example.com')} 74\nuser2@example.com 74\n`,
    );
    expect(hashed.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 2,
        recordsProcessed: 2,
        unmatchedIds: 1,
        unmatched: { encodingMismatch: 1 } as Receipt['unmatched'],
        membershipsAdded: 1,
        segments: ['74'],
        warnings: [
          "encoding: 1 IDs were not in their data source's encoding (not SHA-256 hex, or not decryptable with its key); counted as encodingMismatch",
        ],
      }),
    );

    await dataSource('enc_forced', {
      kind: 'declared',
      dpid: 7005,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: KEY,
      channel: 'email',
      forceReconciliation: true,
    });
    const forced = await dropAndWait(
      stack,
      'inbound/S3_1_7005_iter_1486140904000.sync',
      [
        aesCbcEncryptHex('user3@example.com', KEY),
        aesCbcEncryptHex('stranger@example.com', KEY),
        aesCbcEncryptHex('user4@example.com', OTHER_KEY),
      ]
        .map((id) => `${id} 75`)
        .join('\n'),
    );
    expect(forced.receipt).toEqual(
      receipt({
        format: 'aam-outbound',
        mode: 'incremental',
        linesRead: 3,
        recordsProcessed: 3,
        unmatchedIds: 2,
        unmatched: { forced: 2 } as Receipt['unmatched'],
        membershipsAdded: 1,
        segments: ['75'],
      }),
    );
    expect(await memberKeys(stack, 'aam.75')).toEqual(['r-3']);
  });

  it('reports in inspect the counters a drop of the same file reports, but those it names as needing a store', async () => {
    // What only a store can count: the fields inspect names in needsStore (and the warnings built on them).
    const withoutStore = (r: Receipt) => {
      const { unknownId: _u, noRecipient: _n, forced: _f, encodingMismatch: _e, ...unmatched } = r.unmatched;
      const {
        unmatchedIds: _ids,
        pendingMemberships: _p,
        membershipsAdded: _a,
        membershipsRemoved: _r,
        idLinks: _l,
        warnings: _w,
        needsStore: _s,
        ...counters
      } = r as Receipt & { needsStore?: string[] };
      return { ...counters, unmatched };
    };
    const usable = [
      'AdobeSample_segment12341e18-abcd-49c2-836d-123c88e76c39_20261201120000.csv',
      'S3_1234_20914_XYZCustomer_iter_1486140844000.sync',
      'c2c_id_20915_163_1486140844.sync',
    ];
    for (const name of usable) {
      const inspected = JSON.parse(fixture(`${name}.inspect.json`).toString()) as { receipt: Receipt };
      const job = await dropAndWait(stack, `inbound/inspect/${name}`, fixture(name));
      expect(job.status).toBe('succeeded');
      expect(withoutStore(job.receipt), name).toEqual(withoutStore(inspected.receipt));
    }
  });
});
