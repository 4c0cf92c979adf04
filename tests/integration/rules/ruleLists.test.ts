import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys } from '../ingest/helpers.ts';

const ts = (n: number) => String(1486140844000 + n);
const emailOf = (n: number) => `user${n}@example.com`;
const sha = (n: number) => createHash('sha256').update(emailOf(n)).digest('hex');
const JOB = 'materialize:rule.target';
const RULE = {
  all: [
    { list: 'aam.4321' },
    { attribute: 'consent.email', op: 'eq', value: true },
    { not: { list: 'api.buyers' } },
  ],
};

describe('rule lists through the local stack', () => {
  let stack: TestStack;

  async function ok<T = unknown>(path: string, method: 'PUT' | 'POST', body: unknown): Promise<T> {
    const answer = await stack.fetchJson<T>(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async function read(key: string): Promise<string> {
    const out = await stack.runtime.clients.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  }

  /** Runs `change` once every queued run settled, then waits for the materialisation it causes. */
  async function materialisedAfter(change: () => Promise<unknown>): Promise<Job> {
    await stack.dispatcher.idle();
    const mark = (await stack.runtime.jobs.get(JOB))?.updatedAt ?? '';
    await change();
    return stack.waitForJob(JOB, { until: ['succeeded'], where: (job) => job.updatedAt > mark });
  }

  async function exportNow(mode?: 'full'): Promise<Job> {
    // File names carry a 10-digit second: each export in a later second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const started = await ok<{ jobId: string }>('/v1/exports', 'POST', {
      sharedAudience: 'target',
      ...(mode ? { mode } : {}),
    });
    return stack.waitForJob(started.jobId);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    for (const n of [1, 2, 3, 4, 5, 6]) {
      await ok(`/v1/recipients/r-${n}`, 'PUT', { email: emailOf(n), consent: { email: n !== 4 } });
      await ok('/v1/identities/links', 'POST', {
        recipientId: `r-${n}`,
        ids: [{ namespace: 'ecid', value: ecid(n) }],
      });
    }
    const rows = [1, 2, 3, 4, 5, 6].map((n) => `${ecid(n)} 4321 \n`).join('');
    expect(
      (await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(1)}.sync`, rows)).receipt.membershipsAdded,
    ).toBe(6);
    await ok('/v1/lists', 'POST', { listId: 'api.buyers', name: 'Buyers of last month' });
    await ok('/v1/lists/api.buyers/members', 'POST', { add: ['r-5'] });
    await ok('/v1/data-sources/crm_sha', 'PUT', {
      kind: 'declared',
      dpid: 163,
      reconciliationKey: 'email',
      encoding: 'sha256',
      channel: 'email',
    });
  });
  afterAll(() => stack.stop());

  it('follows each input within one materialisation, and exports the removals incrementally', async () => {
    const first = await materialisedAfter(() =>
      ok('/v1/lists', 'POST', { listId: 'rule.target', name: 'Consenting 4321 non-buyers', rule: RULE }),
    );
    expect(first.receipt).toMatchObject({ mode: 'full', recordsProcessed: 6, added: 4, removed: 0, size: 4 });
    expect(await memberKeys(stack, 'rule.target')).toEqual(['r-1', 'r-2', 'r-3', 'r-6']);
    const meta = await stack.fetchJson<{ source: string; size: number }>('/v1/lists/rule.target');
    expect(meta.body).toMatchObject({ source: 'rule', size: 4 });

    await ok('/v1/shared-audiences/target', 'PUT', {
      listId: 'rule.target',
      dataSource: 'crm_sha',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '9',
      schedule: 'manual',
    });
    const full = await exportNow('full');
    expect(full.receipt).toMatchObject({ mode: 'full', recordsWritten: 4 });

    // A drop removes r-1 from segment 4321.
    const dropped = await materialisedAfter(() =>
      dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(2)}.sync`, `${ecid(1)}  4321\n`),
    );
    expect(dropped.receipt).toMatchObject({
      mode: 'incremental',
      recordsProcessed: 1,
      added: 0,
      removed: 1,
      size: 3,
    });
    expect(await memberKeys(stack, 'rule.target')).toEqual(['r-2', 'r-3', 'r-6']);

    // r-2 withdraws email consent.
    const withdrawn = await materialisedAfter(() =>
      ok('/v1/recipients/r-2', 'PUT', { email: emailOf(2), consent: { email: false } }),
    );
    expect(withdrawn.receipt).toMatchObject({
      mode: 'incremental',
      recordsProcessed: 1,
      added: 0,
      removed: 1,
      size: 2,
    });
    expect(await memberKeys(stack, 'rule.target')).toEqual(['r-3', 'r-6']);

    // r-3 buys.
    const bought = await materialisedAfter(() =>
      ok('/v1/lists/api.buyers/members', 'POST', { add: ['r-3'] }),
    );
    expect(bought.receipt).toMatchObject({
      mode: 'incremental',
      recordsProcessed: 1,
      added: 0,
      removed: 1,
      size: 1,
    });
    expect(await memberKeys(stack, 'rule.target')).toEqual(['r-6']);

    // r-4 consents: added back by the same path.
    const consented = await materialisedAfter(() =>
      ok('/v1/recipients/r-4', 'PUT', { email: emailOf(4), consent: { email: true } }),
    );
    expect(consented.receipt).toMatchObject({
      mode: 'incremental',
      recordsProcessed: 1,
      added: 1,
      removed: 0,
      size: 2,
    });
    expect(await memberKeys(stack, 'rule.target')).toEqual(['r-4', 'r-6']);

    const incremental = await exportNow();
    expect(incremental.receipt).toMatchObject({
      mode: 'incremental',
      membershipsAdded: 1,
      membershipsRemoved: 3,
    });
    expect((await read(incremental.outputKeys?.[0] ?? '')).split('\n').sort()).toEqual(
      [
        '',
        `${sha(4)}\td_sid=9`,
        `${sha(1)}\td_unsid=9`,
        `${sha(2)}\td_unsid=9`,
        `${sha(3)}\td_unsid=9`,
      ].sort(),
    );
  });

  it('refuses member changes to a rule list and rules naming unknown lists, cycles or depth over 10', async () => {
    const members = await stack.fetchJson('/v1/lists/rule.target/members', {
      method: 'POST',
      body: { add: ['r-1'] },
    });
    expect(members.status).toBe(409);

    const unknown = await stack.fetchJson<{ error: { message: string } }>('/v1/lists', {
      method: 'POST',
      body: {
        listId: 'rule.unknown',
        name: 'x',
        rule: { all: [{ list: 'aam.4321' }, { not: { list: 'api.nope' } }] },
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('rule.all.1.not.list: no list api.nope');
    expect((await stack.fetchJson('/v1/lists/rule.unknown')).status).toBe(404);

    await ok('/v1/lists', 'POST', { listId: 'rule.a', name: 'a', rule: { any: [{ list: 'aam.4321' }] } });
    await ok('/v1/lists', 'POST', { listId: 'rule.b', name: 'b', rule: { all: [{ list: 'rule.a' }] } });
    const cycle = await stack.fetchJson<{ error: { message: string } }>('/v1/lists/rule.a/rule', {
      method: 'PUT',
      body: { rule: { any: [{ list: 'aam.4321' }, { list: 'rule.b' }] } },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toBe('rule.any.1.list: cycle: rule.a → rule.b → rule.a');
    const self = await stack.fetchJson<{ error: { message: string } }>('/v1/lists/rule.a/rule', {
      method: 'PUT',
      body: { rule: { all: [{ list: 'rule.a' }] } },
    });
    expect(self.body.error.message).toBe('rule.all.0.list: cycle: rule.a → rule.a');

    let deep: unknown = { list: 'aam.4321' };
    for (let i = 0; i < 11; i++) deep = { all: [deep] };
    const tooDeep = await stack.fetchJson<{ error: { message: string } }>('/v1/lists/rule.a/rule', {
      method: 'PUT',
      body: { rule: deep },
    });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.message).toBe(
      `rule${'.all.0'.repeat(10)}: expected rules nested at most 10 deep`,
    );
    const rule = await stack.fetchJson<{ inputs: string[] }>('/v1/lists/rule.a/rule');
    expect(rule.body.inputs).toEqual(['aam.4321']);
  });
});
