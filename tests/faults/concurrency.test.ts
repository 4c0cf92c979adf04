import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPortsOf } from '../../functions/exportPorts.ts';
import { createRuntime } from '../../functions/runtime.ts';
import type { Delivery } from '../../local/index.ts';
import { runScheduledExports } from '../../shared/exports/index.ts';
import { aamOutboundName, aamOutboundRow, fileBody } from '../helpers/dropFiles.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';
import { scannedMemberKeys } from '../helpers/scannedMemberKeys.ts';
import { FAULT_DPID, faultRecipientId, seedFaultRecipients } from '../helpers/seededAudience.ts';

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const dropKey = (did: number, timestampMs: number) =>
  `inbound/${aamOutboundName({ did, timestampMs, masterDpid: FAULT_DPID })}`;
const adds = (segment: number, numbers: number[]) =>
  numbers.map((n) => aamOutboundRow(faultRecipientId(n), [segment]));

describe('concurrent drops', () => {
  let stack: TestStack;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ env: { ...process.env, LOG_LEVEL: 'SILENT' } });
    stack.dispatcher.on('settled', (delivery: Delivery) => deliveries.push(delivery));
    await seedFaultRecipients(stack.runtime, 4000);
  });
  afterAll(() => stack.stop());

  it('applies two drops touching the same segment one after the other, the second waiting for the lease', async () => {
    const segment = 9401;
    const listId = `aam.${segment}`;
    const first = { key: dropKey(1, 1_700_000_000_000), lines: adds(segment, ids(1, 3000)) };
    const second = { key: dropKey(2, 1_700_000_000_000), lines: adds(segment, ids(2001, 4000)) };
    await Promise.all([
      stack.drop(first.key, fileBody(first.lines)),
      stack.drop(second.key, fileBody(second.lines)),
    ]);
    const [a, b] = await Promise.all([
      stack.waitForJob(`ingest:${first.key}`, { timeoutMs: 60_000 }),
      stack.waitForJob(`ingest:${second.key}`, { timeoutMs: 60_000 }),
    ]);
    expect([a.status, a.error?.message, b.status, b.error?.message]).toEqual([
      'succeeded',
      undefined,
      'succeeded',
      undefined,
    ]);
    const [earlier, later] = a.updatedAt < b.updatedAt ? [a, b] : [b, a];
    // Whichever went first added all its 3,000 or 2,000; the other only what was new: 4,000 in all.
    const size = (job: typeof a) => (job === a ? 3000 : 2000);
    expect(earlier.receipt.membershipsAdded).toBe(size(earlier));
    expect(later.receipt.membershipsAdded).toBe(4000 - size(earlier));
    expect(earlier.receipt.membershipsAdded + later.receipt.membershipsAdded).toBe(4000);
    expect(await scannedMemberKeys(stack.runtime.lists, listId)).toEqual(
      ids(1, 4000).map(faultRecipientId).sort(),
    );
    expect((await stack.runtime.lists.get(listId))?.size).toBe(4000);
    // The later one was handed back while the earlier held the lease, without using up its attempts.
    expect(later.attempts).toBe(1);
    await stack.dispatcher.idle();
    const laterDeliveries = deliveries.filter((d) => d.body.includes(later.jobId.slice('ingest:'.length)));
    expect(laterDeliveries.length).toBeGreaterThan(1);
    expect(laterDeliveries.at(-1)?.outcome).toBe('ok');
  });

  it('keeps a drop waiting for a list whose lease is held longer than the queue redelivery budget', async () => {
    const segment = 9402;
    const listId = `aam.${segment}`;
    await stack.runtime.lists.create({ listId, name: listId, source: 'aam', segmentId: String(segment) });
    // Another writer (a long drop, an API write) holds the list for 3 s: 60 redelivery delays here.
    const holder = await stack.runtime.lists.openWrite(listId, 'test:long-writer');
    await holder.apply([{ op: 'add', member: { recipientId: faultRecipientId(1) } }]);
    const drop = { key: dropKey(3, 1_700_000_000_000), lines: adds(segment, ids(1, 50)) };
    const started = Date.now();
    await stack.drop(drop.key, fileBody(drop.lines));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await stack.runtime.jobs.get(`ingest:${drop.key}`))?.status).toBe('running');
    await holder.commit();

    const job = await stack.waitForJob(`ingest:${drop.key}`, { timeoutMs: 20_000 });
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(1);
    expect(Date.now() - started).toBeGreaterThan(3000);
    expect(job.receipt).toMatchObject({ linesRead: 50, membershipsAdded: 49 });
    expect(await scannedMemberKeys(stack.runtime.lists, listId)).toEqual(
      ids(1, 50).map(faultRecipientId).sort(),
    );
  });

  it('takes over a lease whose holder died and rolls its abandoned pending version back', async () => {
    const listId = 'aam.9403';
    await stack.runtime.lists.create({ listId, name: listId, source: 'aam', segmentId: '9403' });
    const setup = await stack.runtime.lists.openWrite(listId, 'test:setup');
    await setup.apply(
      ids(1, 10).map((n) => ({ op: 'add' as const, member: { recipientId: faultRecipientId(n) } })),
    );
    await setup.commit();
    // The dead holder wrote adds and removals at its pending version, then never committed.
    const dead = await stack.runtime.lists.openWrite(listId, 'test:dead-holder');
    await dead.apply([
      ...ids(11, 20).map((n) => ({ op: 'add' as const, member: { recipientId: faultRecipientId(n) } })),
      ...ids(1, 5).map((n) => ({ op: 'remove' as const, member: { recipientId: faultRecipientId(n) } })),
    ]);
    await expect(stack.runtime.lists.openWrite(listId, 'test:too-early')).rejects.toMatchObject({
      code: 'conflict',
    });

    // Six minutes later (past the 5-minute lease), another writer takes the list over.
    const later = createRuntime({
      config: stack.config,
      dispatcher: stack.dispatcher,
      now: () => new Date(Date.now() + 6 * 60_000),
    });
    try {
      const next = await later.lists.openWrite(listId, 'test:next-writer');
      // Its own pending version, past the dead holder's 2 (now abandoned): never shared.
      expect([next.version, dead.pendingVersion, next.pendingVersion]).toEqual([1, 2, 3]);
      expect([...((await later.lists.getStored(listId))?.abandoned ?? [])]).toEqual([2]);
      await next.apply([{ op: 'add', member: { recipientId: faultRecipientId(30) } }]);
      expect(await next.commit()).toEqual({ added: 1, removed: 0 });
    } finally {
      later.clients.s3.destroy();
      later.clients.ddb.destroy();
    }
    expect(await scannedMemberKeys(stack.runtime.lists, listId)).toEqual(
      [...ids(1, 10), 30].map(faultRecipientId).sort(),
    );
    expect((await stack.runtime.lists.get(listId))?.size).toBe(11);
  });

  it('runs ten drops at once with never more than the queue bound invoking at the same time', async () => {
    let running = 0;
    let peak = 0;
    const onDelivery = () => {
      running++;
      peak = Math.max(peak, running);
    };
    const onSettled = () => {
      running--;
    };
    stack.dispatcher.on('delivery', onDelivery);
    stack.dispatcher.on('settled', onSettled);
    try {
      const drops = ids(1, 10).map((n) => ({
        key: dropKey(100 + n, 1_700_000_000_000),
        lines: adds(9500 + n, ids(n * 100, n * 100 + 199)),
      }));
      await Promise.all(drops.map((drop) => stack.drop(drop.key, fileBody(drop.lines))));
      const jobs = await Promise.all(
        drops.map((drop) => stack.waitForJob(`ingest:${drop.key}`, { timeoutMs: 60_000 })),
      );
      await stack.dispatcher.idle();
      expect(jobs.map((job) => [job.status, job.receipt.membershipsAdded])).toEqual(
        drops.map(() => ['succeeded', 200]),
      );
      expect(peak).toBe(2);
    } finally {
      stack.dispatcher.off('delivery', onDelivery);
      stack.dispatcher.off('settled', onSettled);
    }
  });

  it('never runs two exports of one shared audience at once: the second is refused with 409', async () => {
    const listId = 'aam.9401';
    const put = await stack.fetchJson('/v1/shared-audiences/fault-weekly', {
      method: 'PUT',
      body: { listId, dataSource: 'fault-rid', format: 'csv', mode: 'incremental', schedule: 'scheduled' },
    });
    expect(put.status).toBe(200);
    const answers = await Promise.all(
      [1, 2].map(() =>
        stack.fetchJson<{ jobId?: string }>('/v1/exports', { body: { sharedAudience: 'fault-weekly' } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    // The schedule skips it too while it runs.
    const skipped = await runScheduledExports(exportPortsOf(stack.runtime));
    expect(skipped.skipped).toEqual(['fault-weekly']);
    const jobId = answers.find((a) => a.status === 202)?.body.jobId ?? '';
    const job = await stack.waitForJob(jobId, { timeoutMs: 30_000 });
    expect(job.status).toBe('succeeded');
    expect(job.receipt.recordsWritten).toBe(4000);
    await stack.dispatcher.idle(); // the job reads succeeded just before its delivery settles
    const exportDeliveries = deliveries.filter((d) => d.worker === 'export');
    expect(exportDeliveries.map((d) => JSON.parse(d.body).jobId)).toEqual([jobId]);
    // Once it finished, the next one may start.
    const again = await stack.fetchJson('/v1/exports', { body: { sharedAudience: 'fault-weekly' } });
    expect(again.status).toBe(202);
  });
});
