import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobFiles, Overview } from '../../../shared/jobs/index.ts';
import type { UploadPlan } from '../../../shared/objects/index.ts';
import { aamOutboundName, aamOutboundRow, ecid, INVALID_ECID } from '../../helpers/dropFiles.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

describe('console routes (uploads, job files, overview)', () => {
  let stack: TestStack;
  const name = aamOutboundName({ kind: 'iter', masterDpid: 5678 });
  const key = `inbound/agency/${name}`;
  const jobId = `ingest:${key}`;
  const body = `${aamOutboundRow(ecid(1), ['11'])}\n${aamOutboundRow(INVALID_ECID, ['11'])}\n`;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(() => stack?.stop());

  it.each([
    [
      'a key outside inbound/',
      { key: 'outbound/a/x.sync', size: 1 },
      'body.key: expected inbound/[<partner>/]<file name>',
    ],
    ['a .. segment', { key: 'inbound/../receipts/x.json', size: 1 }, 'body.key: expected no . or .. segment'],
    ['an empty file', { key: 'inbound/a.sync', size: 0 }, 'body.size: Too small: expected number to be >=1'],
  ])('refuses an upload with %s, naming the field', async (_case, request, message) => {
    const answer = await stack.fetchJson<{ error: { message: string } }>('/v1/uploads', { body: request });
    expect([answer.status, answer.body.error.message]).toEqual([400, message]);
  });

  it('refuses a recipients load to a token without identities:write', async () => {
    const answer = await stack.fetchJson('/v1/uploads', {
      body: { key: 'inbound/recipients/r.csv', size: 10 },
      token: await stack.token(['audiences:write']),
    });
    expect(answer.status).toBe(403);
  });

  it('drops a file through its presigned link: the drop runs as any other', async () => {
    const plan = await stack.fetchJson<UploadPlan>('/v1/uploads', { body: { key, size: body.length } });
    expect(plan.status).toBe(201);
    if (!('url' in plan.body)) throw new Error('expected a single PUT');
    expect((await fetch(plan.body.url, { method: 'PUT', body })).status).toBe(200);
    const job = await stack.waitForJob(jobId);
    expect([job.status, job.receipt.linesRead, job.receipt.invalidIds]).toEqual(['succeeded', 2, 1]);
  });

  it("answers a list's size and match rate after each drop, and 404 for an unknown list", async () => {
    const answer = await stack.fetchJson<{ points: Array<{ at: string; size: number; matchRate: number }> }>(
      '/v1/lists/aam.11/history',
      { token: await stack.token(['audiences:read']) },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.points.map((p) => [p.size, p.matchRate])).toEqual([[0, 0]]);
    expect((await stack.fetchJson('/v1/lists/aam.99/history')).status).toBe(404);
  });

  it("lists a drop's files with five-minute links to identities:read only", async () => {
    expect(
      (
        await stack.fetchJson(`/v1/jobs/${encodeURIComponent(jobId)}/files`, {
          token: await stack.token(['audiences:read']),
        })
      ).status,
    ).toBe(403);
    const answer = await stack.fetchJson<JobFiles>(`/v1/jobs/${encodeURIComponent(jobId)}/files`, {
      token: await stack.token(['identities:read']),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.files.map((f) => [f.kind, f.key])).toEqual([
      ['receipt', `receipts/${jobId}.json`],
      ['rejected', `rejected/${key}.tsv`],
      ['unmatched', `receipts/${key}.unmatched.tsv`],
    ]);
    const rejected = answer.body.files[1];
    expect(rejected?.url).toContain('X-Amz-Expires=300');
    const text = await (await fetch(rejected?.url ?? '')).text();
    expect(text.split('\t')[0]).toBe('2');
    expect(rejected?.bytes).toBe(Buffer.byteLength(text));
  });

  it('sums the drops of the last days per day and per partner', async () => {
    expect((await stack.fetchJson('/v1/stats/overview?days=0')).status).toBe(400);
    const { body: overview } = await stack.fetchJson<Overview>('/v1/stats/overview?days=7');
    expect(overview.days).toHaveLength(7);
    expect(overview.days.at(-1)).toMatchObject({ succeeded: 1, failed: 0 });
    expect(overview.partners).toEqual([
      { partner: 'agency', drops: 1, rows: 2, recordsProcessed: 1, unmatchedIds: 1 },
    ]);
  });
});
