import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

/**
 * An inline export (`POST /v1/exports` with a definition, scope `audiences:write`) used to take a
 * stored shared audience's name, write into that partner's `outbound/` folder and skip the consent
 * and label rules; the file of members without an ID (internal recipient IDs) went into the
 * partner's folder too.
 */
describe('export governance (issue 15)', () => {
  let stack: TestStack;
  let writer: string;

  async function read(key: string): Promise<string> {
    const out = await stack.runtime.clients.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  }
  async function keysUnder(prefix: string): Promise<string[]> {
    const out = await stack.runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }),
    );
    return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
  }
  async function ok(path: string, method: 'PUT' | 'POST', body: unknown, token?: string): Promise<unknown> {
    const answer = await stack.fetchJson(path, { method, body, ...(token ? { token } : {}) });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const inline = (name: string) => ({
    name,
    listId: 'api.gov',
    dataSource: 'crm_gov',
    format: 'csv',
    mode: 'full',
  });

  beforeAll(async () => {
    stack = await startTestStack();
    writer = await stack.token(['audiences:read', 'audiences:write']);
    // Admin-set governance of the data source: consent to `sharing` is opt-in, `minor` never leaves.
    await ok('/v1/data-sources/crm_gov', 'PUT', {
      kind: 'declared',
      dpid: 4100,
      reconciliationKey: 'email',
      encoding: 'plain',
      channel: 'email',
      governance: { purpose: 'sharing', consent: 'opt-in', excludedLabels: ['minor'] },
    });
    await ok('/v1/recipients/g1', 'PUT', { email: 'yes@example.com', consent: { sharing: true } });
    await ok('/v1/recipients/g2', 'PUT', { email: 'silent@example.com' });
    await ok('/v1/recipients/g3', 'PUT', { email: 'refused@example.com', consent: { sharing: false } });
    await ok('/v1/recipients/g4', 'PUT', {
      email: 'kid@example.com',
      consent: { sharing: true },
      labels: ['minor'],
    });
    await ok('/v1/recipients/g5', 'PUT', { phone: '+33612345678', consent: { sharing: true } });
    await ok('/v1/lists', 'POST', { listId: 'api.gov', name: 'gov' });
    await ok('/v1/lists/api.gov/members', 'POST', { add: ['g1', 'g2', 'g3', 'g4', 'g5'] });
    await ok('/v1/shared-audiences/partner-gov', 'PUT', {
      listId: 'api.gov',
      dataSource: 'crm_gov',
      format: 'csv',
      mode: 'full',
    });
  });
  afterAll(() => stack.stop());

  it("refuses an inline export that takes a stored shared audience's name", async () => {
    const answer = await stack.fetchJson('/v1/exports', {
      method: 'POST',
      body: inline('partner-gov'),
      token: writer,
    });
    expect(answer.status).toBe(409);
    expect(JSON.stringify(answer.body)).toContain('name: partner-gov is a stored shared audience');
    expect(await keysUnder('outbound/partner-gov/')).toEqual([]);
  });

  it("writes an inline export under outbound/_inline/ only, with its data source's consent and label rules", async () => {
    const started = (await ok('/v1/exports', 'POST', inline('adhoc'), writer)) as { jobId: string };
    const job = await stack.waitForJob(started.jobId);
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({ recordsWritten: 1, recordsSuppressed: 3, recordsWithoutId: 1 });
    const keys = await keysUnder('outbound/');
    expect(keys.length).toBe(2);
    for (const key of keys)
      expect(key).toMatch(/^outbound\/_inline\/adhoc\/date=\d{4}-\d{2}-\d{2}\/adhoc_\d{10}\.(csv|info)$/);
    const data = keys.find((key) => key.endsWith('.csv')) ?? '';
    expect((await read(data)).split('\n').slice(1)).toEqual(['yes@example.com,crm_gov,realized', '']);
  });

  it("reports members without an ID under receipts/, never in the partner's outbound folder", async () => {
    const started = (await ok('/v1/exports', 'POST', { sharedAudience: 'partner-gov' }, writer)) as {
      jobId: string;
    };
    const job = await stack.waitForJob(started.jobId);
    expect(job.receipt).toMatchObject({ recordsWritten: 1, recordsSuppressed: 3, recordsWithoutId: 1 });
    expect(job.withoutIdKey).toBe(`receipts/${job.jobId}.without-id.txt`);
    expect(await read(job.withoutIdKey ?? '')).toBe('g5\n');
    const partnerKeys = await keysUnder('outbound/partner-gov/');
    expect(partnerKeys.map((key) => key.replace(/^.*\//, '').replace(/\d{10}/, 'TS'))).toEqual([
      'partner-gov_TS.csv',
      'partner-gov_TS.info',
    ]);
  });
});
