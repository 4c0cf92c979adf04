import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDeclared } from '../../../shared/identifiers/index.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import { ecid, INVALID_ECID } from '../../helpers/dropFiles.ts';
import { type FetchJsonOptions, startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { type CapturedOutput, captureOutput } from './captureOutput.ts';
import { found, jobAnswers, objectsUnder } from './leakScan.ts';

const SEGMENT = '5a1e7c00-0000-4000-8000-00000000a11c';
const PEOPLE = {
  alice: {
    id: 'cust-10001',
    email: 'Alice.Martin@Example.com',
    phone: '+33 6 12 34 56 78',
    e164: '+33612345678',
  },
  bob: { id: 'cust-10002', email: 'bob.stone@example.org', phone: '+14155552671', e164: '+14155552671' },
  carol: { id: 'cust-10003', email: 'carol.w@example.net', phone: '+33698765432', e164: '+33698765432' },
} as const;
const UNKNOWN_EMAIL = 'unknown.person@example.com';
const ECIDS = [ecid(1), ecid(2), ecid(3)];

describe('no personal data in logs, job records, receipts or audit', () => {
  let stack: TestStack;
  let output: CapturedOutput;
  let bearer: string;

  async function ok<T>(path: string, options: FetchJsonOptions = {}) {
    const answer = await stack.fetchJson<T>(path, { token: bearer, ...options });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  beforeAll(async () => {
    output = captureOutput();
    stack = await startTestStack();
    bearer = await stack.token(undefined, { subject: 'sec-tester' });
  });
  afterAll(async () => {
    await stack.stop();
    output.restore();
  });

  it('keeps emails, phones, ECIDs, hashes, raw IDs and the token out of every record when a full ingest and export run', async () => {
    for (const person of Object.values(PEOPLE)) {
      await ok(`/v1/recipients/${person.id}`, {
        method: 'PUT',
        body: {
          email: person.email,
          phone: person.phone,
          ...(person === PEOPLE.carol ? { consent: { marketing: false } } : {}),
        },
      });
    }
    // A second recipient claiming Alice's email: refused (409), nothing logged about it.
    const conflict = await stack.fetchJson('/v1/recipients/cust-10009', {
      token: bearer,
      method: 'PUT',
      body: { email: PEOPLE.alice.email },
    });
    expect(conflict.status).toBe(409);
    await ok('/v1/identities/links', {
      body: { recipientId: PEOPLE.alice.id, ids: [{ namespace: 'ecid', value: ECIDS[0] }] },
    });
    await ok('/v1/identities/links', {
      body: { recipientId: PEOPLE.bob.id, ids: [{ namespace: 'ecid', value: ECIDS[1] }] },
    });
    await ok('/v1/reconcile', { body: { ids: [{ namespace: 'email', value: UNKNOWN_EMAIL }] } });

    // AAM outbound: two matched ECIDs, one unmatched, one invalid, one line that is an email.
    const aam = 'inbound/S3_1_55555_iter_1486140845001.sync';
    await stack.drop(
      aam,
      `${ECIDS[0]} 601\n${ECIDS[1]} 601\n${ECIDS[2]} 601\n${INVALID_ECID} 601\n${PEOPLE.carol.email}\n`,
    );
    const aamJob = await stack.waitForJob(`ingest:${aam}`);
    // DPID 55555 has no data source: the email-looking line is an opaque ID of it, never seen.
    expect(aamJob.receipt).toMatchObject({
      linesRead: 5,
      recordsProcessed: 4,
      unmatchedIds: 2,
      membershipsAdded: 2,
    });
    expect(aamJob.receipt.errors.map((e) => e.line)).toEqual([4]);

    // AEP CSV with emails in any case, an unknown one and a value that is no email.
    const aep = `inbound/Campaign_Destination_segment${SEGMENT}_20240102030405.csv`;
    const rows = [
      PEOPLE.alice.email.toUpperCase(),
      PEOPLE.bob.email,
      'not-an-email',
      PEOPLE.carol.email,
      UNKNOWN_EMAIL,
    ];
    await stack.drop(aep, `Email,segmentMembership_status\n${rows.map((r) => `${r},realized`).join('\n')}\n`);
    const aepJob = await stack.waitForJob(`ingest:${aep}`);
    expect(aepJob.receipt).toMatchObject({
      format: 'aep-csv',
      linesRead: 5,
      recordsProcessed: 4,
      invalidIds: 1,
      unmatchedIds: 1,
      membershipsAdded: 3,
    });
    expect(aepJob.receipt.errors.map((e) => e.line)).toEqual([4]); // file lines: the header is line 1

    // A drop that fails whole: the failure is logged, its content is not.
    await stack.drop('inbound/unknown-layout.txt', `${PEOPLE.alice.email};${PEOPLE.alice.phone}\n`);
    expect((await stack.waitForJob('ingest:inbound/unknown-layout.txt')).status).toBe('failed');

    // Export with a consent purpose: Carol (consent marketing=false) never leaves.
    await ok('/v1/data-sources/crm_sha', {
      method: 'PUT',
      body: { kind: 'declared', dpid: 163, reconciliationKey: 'email', encoding: 'sha256', channel: 'email' },
    });
    await ok('/v1/shared-audiences/aep_out', {
      method: 'PUT',
      body: {
        listId: `aep.${SEGMENT}`,
        dataSource: 'crm_sha',
        format: 'aam-inbound',
        mode: 'full',
        traitId: '7',
        purpose: 'marketing',
      },
    });
    const { jobId } = await ok<{ jobId: string }>('/v1/exports', { body: { sharedAudience: 'aep_out' } });
    const exported = await stack.waitForJob(jobId);
    expect(exported.receipt).toMatchObject({ recordsWritten: 2, recordsSuppressed: 1, recordsWithoutId: 0 });
    const outbound = await objectsUnder(stack, 'outbound/');
    expect(
      outbound
        .get(exported.outputKeys?.[0] ?? '')
        ?.split('\n')
        .sort(),
    ).toEqual(
      [
        '',
        `${hashDeclared('email', PEOPLE.alice.email)}\td_sid=7`,
        `${hashDeclared('email', PEOPLE.bob.email)}\td_sid=7`,
      ].sort(),
    );
    await ok(`/v1/recipients/${PEOPLE.carol.id}`, { method: 'DELETE' });

    const personal = [
      ...Object.values(PEOPLE).flatMap((p) => [
        p.id,
        p.email,
        p.phone,
        p.e164,
        p.e164.slice(1),
        hashDeclared('email', p.email),
        hashDeclared('phone', p.e164),
      ]),
      UNKNOWN_EMAIL,
      hashDeclared('email', UNKNOWN_EMAIL),
      ...ECIDS,
      INVALID_ECID,
      bearer,
    ];
    // `receipts/<key>.unmatched.tsv` lists unmatched IDs by design (kept like rejected/): the JSON
    // receipts beside them must hold no personal data.
    const receipts = new Map(
      [...(await objectsUnder(stack, 'receipts/'))].filter(([key]) => key.endsWith('.json')),
    );
    expect(receipts.size).toBe(4);
    const receiptErrors = [...receipts.values()].map((text) =>
      JSON.stringify((JSON.parse(text) as { errors: unknown }).errors),
    );
    const today = stack.runtime.now().toISOString().slice(0, 10);
    const audit = await ok(`/v1/audit?date=${today}&limit=100`);

    expect(found(receiptErrors.join('\n'), personal)).toEqual([]);
    expect(found([...receipts.values()].join('\n'), personal)).toEqual([]);
    expect(found((await jobAnswers(stack)).join('\n'), personal)).toEqual([]);
    expect(found(JSON.stringify(audit), personal)).toEqual([]);
    const logs = output.text();
    expect(logs).toContain('"message":"ingest job failed"');
    expect(found(logs, personal)).toEqual([]);
    // The rejected lines and the unmatched IDs themselves are kept, in the encrypted bucket.
    const rejected = [...(await objectsUnder(stack, 'rejected/')).values()].join('\n');
    expect(rejected).toContain('not-an-email');
    const unmatched = [...(await objectsUnder(stack, 'receipts/'))]
      .filter(([key]) => key.endsWith('.unmatched.tsv'))
      .map(([, text]) => text)
      .join('\n');
    expect(unmatched).toContain(`5\tunknownId\t${PEOPLE.carol.email}`);
  });

  it('records who did what for API writes and jobs, readable with the admin scope only', async () => {
    const today = stack.runtime.now().toISOString().slice(0, 10);
    const reader = await stack.token(['audiences:read', 'audiences:write', 'identities:write']);
    expect((await stack.fetchJson(`/v1/audit?date=${today}`, { token: reader })).status).toBe(403);
    expect((await stack.fetchJson(`/v1/audit?date=${today}`, { token: null })).status).toBe(401);

    type Entry = { actor: string; action: string; target?: string; outcome: number | string };
    const entries: Entry[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok<{ entries: Entry[]; cursor?: string }>(
        `/v1/audit?date=${today}&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
      );
      entries.push(...page.entries);
      cursor = page.cursor;
    } while (cursor);
    const seen = (action: string, actor: string, outcome: number | string) =>
      entries.filter((e) => e.action === action && e.actor === actor && e.outcome === outcome).length;

    expect(seen('PUT /v1/recipients/{recipientId}', 'sec-tester', 200)).toBe(3);
    expect(seen('PUT /v1/recipients/{recipientId}', 'sec-tester', 409)).toBe(1);
    expect(seen('DELETE /v1/recipients/{recipientId}', 'sec-tester', 204)).toBe(1);
    expect(seen('POST /v1/exports', 'sec-tester', 202)).toBe(1);
    expect(entries.filter((e) => e.outcome === 'pending')).toEqual([]);
    expect(entries.find((e) => e.action === 'DELETE /v1/recipients/{recipientId}')?.target).toMatch(
      /^sha256:[0-9a-f]{16}$/,
    );
    // Jobs: drops by s3 (3 queued, started, ended), the export by the token subject.
    expect(seen('job.end', 's3', 'succeeded')).toBe(2);
    expect(seen('job.end', 's3', 'failed')).toBe(1);
    expect(seen('job.start', 's3', 'running')).toBeGreaterThanOrEqual(3);
    const exportJob = entries.find((e) => e.action === 'job.end' && e.actor === 'sec-tester');
    expect(exportJob).toMatchObject({
      outcome: 'succeeded',
      target: expect.stringMatching(/^export:aep_out:/),
    });
    const jobs = await ok<{ jobs: Job[] }>('/v1/jobs?type=export');
    expect(jobs.jobs.map((j) => j.jobId)).toContain(exportJob?.target);
  });

  it('refuses a drop whole when its data source has import switched off', async () => {
    await ok('/v1/data-sources/legal_hold', {
      method: 'PUT',
      body: {
        kind: 'declared',
        dpid: 888,
        reconciliationKey: 'email',
        encoding: 'plain',
        channel: 'email',
        importEnabled: false,
      },
    });
    const key = 'inbound/S3_1_888_iter_1486140845009.sync';
    await stack.drop(key, `${PEOPLE.bob.email} 777\n`);
    const job = await stack.waitForJob(`ingest:${key}`);
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({ skipped: 'import-disabled', linesRead: 0, membershipsAdded: 0 });
    expect((await stack.fetchJson('/v1/lists/aam.777', { token: bearer })).status).toBe(404);
  });
});
