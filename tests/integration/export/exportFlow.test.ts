import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

const JOHN_SHA256 = '55e79200c1635b37ad31a378c39feb12f120f116625093a19bc32fff15041149';

describe('export through the local stack', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function read(key: string): Promise<string> {
    const out = await stack.runtime.clients.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  }

  async function ok(path: string, method: 'PUT' | 'POST', body: unknown): Promise<unknown> {
    const answer = await stack.fetchJson(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  it('exports a list full then incrementally through the API when members change', async () => {
    await ok('/v1/data-sources/crm_sha', 'PUT', {
      kind: 'declared',
      dpid: 163,
      reconciliationKey: 'email',
      encoding: 'sha256',
      channel: 'email',
    });
    await ok('/v1/recipients/r1', 'PUT', { email: 'johndoe@example.com' });
    await ok('/v1/recipients/r2', 'PUT', { email: 'ecid@adobe.com' });
    await ok('/v1/recipients/r3', 'PUT', { phone: '+33612345678' });
    await ok('/v1/lists', 'POST', { listId: 'api.flow', name: 'flow' });
    await ok('/v1/lists/api.flow/members', 'POST', { add: ['r1', 'r2', 'r3'] });

    const missingList = await stack.fetchJson('/v1/shared-audiences/flow', {
      method: 'PUT',
      body: {
        listId: 'api.nope',
        dataSource: 'crm_sha',
        format: 'aam-inbound',
        mode: 'incremental',
        traitId: '7',
      },
    });
    expect(missingList.status).toBe(404);
    expect(JSON.stringify(missingList.body)).toContain('listId');
    const noTrait = await stack.fetchJson('/v1/shared-audiences/flow', {
      method: 'PUT',
      body: { listId: 'api.flow', dataSource: 'crm_sha', format: 'aam-inbound', mode: 'incremental' },
    });
    expect(noTrait.status).toBe(400);
    expect(JSON.stringify(noTrait.body)).toContain('traitId');

    await ok('/v1/shared-audiences/flow', 'PUT', {
      listId: 'api.flow',
      dataSource: 'crm_sha',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '7',
      schedule: 'manual',
    });
    const listed = await stack.fetchJson<{ sharedAudiences: { name: string }[] }>('/v1/shared-audiences');
    expect(listed.body.sharedAudiences.map((a) => a.name)).toEqual(['flow']);

    const started = await stack.fetchJson<{ jobId: string }>('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'flow', mode: 'full' },
    });
    expect(started.status).toBe(202);
    const first = await stack.waitForJob(started.body.jobId);
    expect(first.status).toBe('succeeded');
    expect(first.receipt).toMatchObject({ recordsWritten: 2, recordsWithoutId: 1, mode: 'full' });
    const [dataKey, infoKey] = first.outputKeys ?? [];
    expect(dataKey).toMatch(/^outbound\/flow\/date=\d{4}-\d{2}-\d{2}\/ftp_dpm_163_\d{10}\.overwrite$/);
    expect(infoKey).toMatch(/\.info$/);
    expect((await read(dataKey ?? '')).split('\n').sort()).toEqual([
      '',
      `${JOHN_SHA256}\td_sid=7`,
      'a6ea4cde5da5ae7cc68baae894d1d6544fca26254433b0fff7c2cb4843b4a097\td_sid=7',
    ]);
    expect(await read(first.withoutIdKey ?? '')).toBe('r3\n');

    await ok('/v1/lists/api.flow/members', 'POST', { remove: ['r2'] });
    // File names carry a 10-digit second: the next export must be in a later second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await stack.fetchJson<{ jobId: string }>('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'flow' },
    });
    const done = await stack.waitForJob(second.body.jobId);
    expect(done.receipt).toMatchObject({ mode: 'incremental', membershipsAdded: 0, membershipsRemoved: 1 });
    expect(await read(done.outputKeys?.[0] ?? '')).toBe(
      'a6ea4cde5da5ae7cc68baae894d1d6544fca26254433b0fff7c2cb4843b4a097\td_unsid=7\n',
    );
  });

  it('answers 404 naming sharedAudience for an unknown one and 400 for an inline incremental', async () => {
    const unknown = await stack.fetchJson('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'nope' },
    });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('sharedAudience');
    const inline = await stack.fetchJson('/v1/exports', {
      method: 'POST',
      body: { listId: 'api.flow', dataSource: 'crm_sha', format: 'csv', mode: 'incremental' },
    });
    expect(inline.status).toBe(400);
    expect(JSON.stringify(inline.body)).toContain('mode');
  });

  it('starts scheduled shared audiences from the schedule and skips one already running', async () => {
    await ok('/v1/shared-audiences/nightly', 'PUT', {
      listId: 'api.flow',
      dataSource: 'crm_sha',
      format: 'csv',
      mode: 'full',
      schedule: 'scheduled',
    });
    const nightly = await stack.runtime.sharedAudiences.get('nightly');
    expect(nightly?.schedule).toBe('scheduled');
    const held = await stack.fetchJson<{ jobId: string }>('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'nightly' },
    });
    expect(held.status).toBe(202);
    const conflict = await stack.fetchJson<{ jobId: string }>('/v1/exports', {
      method: 'POST',
      body: { sharedAudience: 'nightly' },
    });
    // Either the first is still running (409) or it already finished (202): never two at once.
    expect([202, 409]).toContain(conflict.status);
    await stack.waitForJob(held.body.jobId);
    if (conflict.status === 202) await stack.waitForJob(conflict.body.jobId);
    const before = (await stack.runtime.jobs.list({ type: 'export', limit: 100 })).jobs.length;
    await stack.fireSchedule();
    const jobs = (await stack.runtime.jobs.list({ type: 'export', limit: 100 })).jobs;
    const scheduled = jobs.filter((j) => j.startedBy === 'schedule');
    expect(jobs.length).toBeGreaterThan(before);
    expect(scheduled.map((j) => j.source?.sharedAudience)).toEqual(['nightly']);
    expect((await stack.waitForJob(scheduled[0]?.jobId ?? '')).status).toBe('succeeded');
  });
});
