import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, seedRecipients } from '../ingest/helpers.ts';

const ts = (n: number) => String(1486140844000 + n);

/** EMF records printed on stdout since the spy started, for one job type. */
function emfRecords(lines: readonly string[], jobType: string): Record<string, unknown>[] {
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.jobType === jobType);
}

describe('job reporting (warnings and metrics) through the local stack', () => {
  let stack: TestStack;
  let lines: string[] = [];
  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2]);
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    return () => vi.restoreAllMocks();
  });

  it('succeeds with a zero-match warning, in the job and in receipts/, when no ID matches a recipient', async () => {
    const key = `inbound/S3_1_55555_iter_${ts(1)}.sync`;
    const job = await dropAndWait(stack, key, `${ecid(50)} 60 \n${ecid(51)} 60 \n`);
    const warning = 'applied nothing: none of the 2 valid IDs matched a recipient; mostly unknownId (2)';
    expect(job.status).toBe('succeeded');
    expect(job.receipt.warnings).toEqual([warning]);
    const stored = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `receipts/ingest:${key}.json` }),
    );
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '{}').warnings).toEqual([warning]);
    expect(
      (
        await stack.fetchJson<{ receipt: { warnings: string[] } }>(
          `/v1/jobs/${encodeURIComponent(`ingest:${key}`)}`,
        )
      ).body.receipt.warnings,
    ).toEqual([warning]);
    const [record] = emfRecords(lines, 'ingest');
    expect(record).toMatchObject({
      DropsReceived: 1,
      LinesRead: 2,
      RecordsProcessed: 2,
      RecordsMatched: 0,
      UnmatchedIds: 2,
      MembershipsAdded: 0,
      MatchRate: 0,
      RejectionRate: 0,
      ZeroMatchDrops: 1,
      JobsFailed: 0,
    });
  });

  it('emits the match rate and no warning when half of a drop matches', async () => {
    const job = await dropAndWait(
      stack,
      `inbound/S3_1_55555_iter_${ts(2)}.sync`,
      `${ecid(1)} 61 \n${ecid(52)} 61 \n`,
    );
    expect(job.receipt.warnings).toBeUndefined();
    const [record] = emfRecords(lines, 'ingest');
    expect(record).toMatchObject({
      RecordsMatched: 1,
      UnmatchedIds: 1,
      MembershipsAdded: 1,
      MatchRate: 0.5,
      ZeroMatchDrops: 0,
    });
  });

  it('emits JobsFailed for a drop that fails whole', async () => {
    const job = await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(3)}.sync`, '');
    expect(job.status).toBe('failed');
    const [record] = emfRecords(lines, 'ingest');
    expect(record).toMatchObject({ JobsFailed: 1 });
  });

  it('emits the rows written and ExportsSucceeded when an export ends', async () => {
    await stack.fetchJson('/v1/data-sources/visitors', {
      method: 'PUT',
      body: {
        kind: 'visitor',
        dpid: 55555,
        reconciliationKey: 'recipientId',
        encoding: 'plain',
        channel: 'other',
      },
    });
    await stack.fetchJson('/v1/shared-audiences/partner-a', {
      method: 'PUT',
      body: {
        listId: 'aam.61',
        dataSource: 'visitors',
        format: 'aam-inbound',
        mode: 'full',
        traitId: '7',
        schedule: 'manual',
      },
    });
    const started = await stack.fetchJson<{ jobId: string }>('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'partner-a' },
    });
    expect(started.status).toBe(202);
    const job = await stack.waitForJob(started.body.jobId);
    expect(job.status).toBe('succeeded');
    const [record] = emfRecords(lines, 'export');
    expect(record).toMatchObject({
      RecordsWritten: 1,
      RecordsWithoutId: 0,
      RecordsSuppressed: 0,
      ExportsSucceeded: 1,
      JobsFailed: 0,
    });
  });
});
