import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashedTarget } from '../../../shared/audit/auditTarget.ts';
import type { ErasureRecord } from '../../../shared/privacy/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys } from '../ingest/helpers.ts';
import { objectsUnder } from './leakScan.ts';

/** AES-CBC of `johndoe@example.com` under the data source key below (FORMATS.md test vector). */
const ENCRYPTED_EMAIL = 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The privacy delete used to take only a recipient ID, and left the person's export snapshot
 * entries (their recipient ID with the exported hash), their address-only list memberships and
 * their pending memberships behind; the partner was never told.
 */
describe('privacy delete by any ID (issue 15)', () => {
  let stack: TestStack;
  let dpo: string;

  async function ok<T>(path: string, method: 'PUT' | 'POST', body: unknown): Promise<T> {
    const answer = await stack.fetchJson<T>(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const erase = (namespace: string, value: string) =>
    stack.fetchJson<ErasureRecord>(
      `/v1/identities/${encodeURIComponent(namespace)}/${encodeURIComponent(value)}`,
      { method: 'DELETE', token: dpo },
    );
  async function itemsUnder(pkPrefix: string): Promise<Array<Record<string, unknown>>> {
    const out = await stack.runtime.clients.ddb.send(
      new ScanCommand({
        TableName: stack.config.table,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': pkPrefix },
      }),
    );
    return out.Items ?? [];
  }

  beforeAll(async () => {
    stack = await startTestStack();
    dpo = await stack.token(['identities:write'], { subject: 'dpo' });
  });
  afterAll(() => stack.stop());

  it('erases the snapshot entries of a person deleted by email and sends the partner an opt-out file (privacy delete left snapshot items)', async () => {
    await ok('/v1/data-sources/crm_priv', 'PUT', {
      kind: 'declared',
      dpid: 4200,
      reconciliationKey: 'email',
      encoding: 'sha256',
      channel: 'email',
    });
    await ok('/v1/recipients/d1', 'PUT', { email: 'one@example.com' });
    await ok('/v1/recipients/d2', 'PUT', { email: 'two@example.com' });
    await ok('/v1/lists', 'POST', { listId: 'api.priv', name: 'priv' });
    await ok('/v1/lists/api.priv/members', 'POST', { add: ['d1', 'd2'] });
    await ok('/v1/shared-audiences/partner-priv', 'PUT', {
      listId: 'api.priv',
      dataSource: 'crm_priv',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '77',
    });
    const { jobId } = await ok<{ jobId: string }>('/v1/exports', 'POST', { sharedAudience: 'partner-priv' });
    expect((await stack.waitForJob(jobId)).receipt).toMatchObject({ recordsWritten: 2 });
    expect((await itemsUnder('SNAP#partner-priv#')).map((i) => i.sk).sort()).toEqual(['r#d1', 'r#d2']);

    const answer = await erase('email', 'One@Example.com');
    expect(answer.status).toBe(200);
    const record = answer.body;
    const date = record.at.slice(0, 10);
    const ts = String(Math.floor(Date.parse(record.at) / 1000));
    expect(record).toEqual({
      erasureId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      at: expect.any(String),
      actor: 'dpo',
      namespace: 'email',
      subject: hashedTarget('one@example.com'),
      recipient: hashedTarget('d1'),
      addressLists: 0,
      snapshotEntries: 1,
      pendingEntries: 0,
      optOutFiles: [`outbound/partner-priv/date=${date}/optout_${ts}_${record.erasureId}.sync`],
    });
    expect((await itemsUnder('SNAP#partner-priv#')).map((i) => i.sk)).toEqual(['r#d2']);
    const objects = await objectsUnder(stack, '');
    expect(objects.get(record.optOutFiles[0] ?? '')).toBe(`${sha256('one@example.com')}\n`);
    expect(JSON.parse(objects.get(`receipts/erasures/${record.erasureId}.json`) ?? '{}')).toEqual(record);
    expect(JSON.stringify(record)).not.toContain(sha256('one@example.com'));
    expect((await stack.fetchJson('/v1/recipients/d1')).status).toBe(404);
    expect(await memberKeys(stack, 'api.priv')).toEqual(['d2']);

    // A repeat finds nothing left: 404 in the error shape, nothing written.
    const again = await erase('email', 'one@example.com');
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: { code: 'not_found', message: 'value: no such ID' } });
    expect([...(await objectsUnder(stack, 'receipts/erasures/')).keys()]).toEqual([
      `receipts/erasures/${record.erasureId}.json`,
    ]);
  });

  it('removes an address-only member from every list when deleted by its email (privacy delete could not reach address-only members)', async () => {
    await ok('/v1/data-sources/enc_mail', 'PUT', {
      kind: 'declared',
      dpid: 999,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
      channel: 'email',
    });
    const job = await dropAndWait(
      stack,
      'inbound/S3_1_999_iter_1486140844950.sync',
      `${ENCRYPTED_EMAIL} 95,96 \n`,
    );
    expect(job.receipt.membershipsAdded).toBe(2);
    expect(await memberKeys(stack, 'aam.95')).toEqual(['@email:johndoe@example.com']);

    const answer = await erase('email', 'JohnDoe@example.com');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      namespace: 'email',
      subject: hashedTarget('johndoe@example.com'),
      addressLists: 2,
      snapshotEntries: 0,
      optOutFiles: [],
    });
    expect(answer.body).not.toHaveProperty('recipient');
    expect(await memberKeys(stack, 'aam.95')).toEqual([]);
    expect(await memberKeys(stack, 'aam.96')).toEqual([]);
    expect((await erase('enc_mail', ENCRYPTED_EMAIL)).status).toBe(404);
  });

  /** Every member key left in the lists' change logs (`CHG#…` items, read by rule lists). */
  async function changeLogKeys(): Promise<string[]> {
    const keys = (await itemsUnder('CHG#')).flatMap((item) => (item.keys as string[] | undefined) ?? []);
    return [...new Set(keys)].sort();
  }

  it("privacy delete leaves the person's address in the list change log", async () => {
    await ok('/v1/data-sources/enc_mail_log', 'PUT', {
      kind: 'declared',
      dpid: 998,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
      channel: 'email',
    });
    await dropAndWait(stack, 'inbound/S3_1_998_iter_1486140845000.sync', `${ENCRYPTED_EMAIL} 97\n`);
    await ok('/v1/recipients/keep-1', 'PUT', { email: 'keep@example.com' });
    await ok('/v1/lists', 'POST', { listId: 'api.logged', name: 'logged' });
    await ok('/v1/lists/api.logged/members', 'POST', { add: ['keep-1'] });
    expect(await changeLogKeys()).toContain('@email:johndoe@example.com');

    const answer = await erase('email', 'johndoe@example.com');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ addressLists: 1 });
    const left = await changeLogKeys();
    expect(left.filter((key) => key.includes('johndoe'))).toEqual([]);
    expect(left).toContain('keep-1');
  });

  it("privacy delete leaves a past member's recipient ID in the list change log (recipient delete)", async () => {
    await ok('/v1/recipients/gone-1', 'PUT', { email: 'gone@example.com' });
    await ok('/v1/lists', 'POST', { listId: 'api.past', name: 'past' });
    await ok('/v1/lists/api.past/members', 'POST', { add: ['gone-1', 'keep-1'] });
    // No longer a member of any list, still named by two versions of api.past's log.
    await ok('/v1/lists/api.past/members', 'POST', { remove: ['gone-1'] });
    expect(await changeLogKeys()).toContain('gone-1');

    const answer = await stack.fetchJson('/v1/recipients/gone-1', { method: 'DELETE', token: dpo });
    expect(answer.status).toBe(204);
    const left = await changeLogKeys();
    expect(left).not.toContain('gone-1');
    expect(left).toContain('keep-1');
  });

  it('erases the pending memberships of an ID that matched nobody (privacy delete left pending lines)', async () => {
    const job = await dropAndWait(stack, 'inbound/S3_1_7301_iter_1486142000000.sync', 'P-77 81,82\n');
    expect(job.receipt.pendingMemberships).toBe(2);
    expect((await itemsUnder('PEND#ID#dpid:7301#P-77')).length).toBe(3);

    const answer = await erase('dpid:7301', 'P-77');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ namespace: 'dpid:7301', pendingEntries: 2, addressLists: 0 });
    expect(await itemsUnder('PEND#')).toEqual([]);
  });

  it('erases an ID linked without a recipient, and the reference to it in the ID it was linked to', async () => {
    const linked = await stack.runtime.identity.linkIds([
      { namespace: 'ecid', value: ecid(41) },
      { namespace: 'ecid', value: ecid(42) },
    ]);
    expect(linked.recipientId).toBeNull();

    const answer = await erase('ecid', ecid(41));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      namespace: 'ecid',
      subject: hashedTarget(ecid(41)),
      optOutFiles: [],
    });
    expect((await stack.fetchJson(`/v1/identities/ecid/${ecid(41)}`)).status).toBe(404);
    const neighbour = await stack.fetchJson(`/v1/identities/ecid/${ecid(42)}`);
    expect(neighbour.body).toEqual({ namespace: 'ecid', value: ecid(42), recipientId: null, linked: [] });
  });

  it("writes a drop's unmatched IDs tagged for the 30-day personal-data rule (receipts/<drop>.unmatched.tsv kept raw IDs 400 days)", async () => {
    // s3rver keeps no tags: the request is what AWS applies the lifecycle rule's tag filter to.
    const tagged = new Map<string, string | undefined>();
    stack.runtime.clients.s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { path?: string; headers?: Record<string, string> };
        if (request.path?.endsWith('.tsv'))
          tagged.set(decodeURIComponent(request.path), request.headers?.['x-amz-tagging']);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordTagging' },
    );
    try {
      const job = await dropAndWait(stack, 'inbound/S3_1_7302_iter_1486142100000.sync', 'U-1 83\nU-2 84\n');
      expect(job.receipt.unmatchedIds).toBe(2);
    } finally {
      stack.runtime.clients.s3.middlewareStack.remove('recordTagging');
    }
    expect([...tagged]).toEqual([
      [
        `/${stack.bucket}/receipts/inbound/S3_1_7302_iter_1486142100000.sync.unmatched.tsv`,
        'ab-retention=personal-data',
      ],
    ]);
  });
});
