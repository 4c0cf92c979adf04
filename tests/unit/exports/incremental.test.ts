import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/export/handler.ts';
import { exportPortsOf } from '../../../functions/exportPorts.ts';
import { setRuntime } from '../../../functions/runtime.ts';
import {
  exportLeaseResource,
  runExport,
  runScheduledExports,
  startExport,
} from '../../../shared/exports/index.ts';
import { createLineParser, detectDrop } from '../../../shared/formats/index.ts';
import { lambdaContext } from '../../helpers/apiEvent.ts';
import {
  createWorld,
  dataSource,
  definition,
  type Emulators,
  exportNow,
  recipient,
  sortedLines,
  startEmulators,
  stopEmulators,
  type TestWorld,
} from './exportFixture.ts';

const TS = '1795683600'; // 2026-11-26T09:00:00Z
const FOLDER = 'outbound/crm/date=2026-11-26/';

describe('runExport (incremental)', () => {
  let emulators: Emulators;
  let world: TestWorld;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    await stopEmulators(emulators);
  });
  beforeEach(async () => {
    world = await createWorld(emulators);
    world.dataSources.set('crm_plain', dataSource({ name: 'crm_plain' }));
    for (const id of ['r1', 'r2', 'r3', 'r4'])
      world.recipients.set(id, recipient(id, { email: `${id}@example.com` }));
    await world.seedList(
      'api.crm',
      ['r1', 'r2', 'r3'].map((recipientId) => ({ recipientId })),
    );
  });
  const inc = () => definition({ dataSource: 'crm_plain', mode: 'incremental' });

  it('writes the whole list as .sync adds when no export was published before', async () => {
    const job = await exportNow(world, 'crm', inc());
    expect(job.receipt.mode).toBe('full');
    expect(sortedLines(await world.readText(`${FOLDER}ftp_dpm_163_${TS}.sync`))).toEqual([
      'r1@example.com\td_sid=42',
      'r2@example.com\td_sid=42',
      'r3@example.com\td_sid=42',
    ]);
  });

  it('writes only the add and the remove when one member joined and one left after a full export', async () => {
    await exportNow(world, 'crm', inc(), 'full');
    await world.changeList('api.crm', ['r4'], ['r2']);
    world.setNow('2026-11-26T10:00:00.000Z');
    const job = await exportNow(world, 'crm', inc());
    const text = await world.readText(`${FOLDER}ftp_dpm_163_1795687200.sync`);
    expect(sortedLines(text)).toEqual(['r2@example.com\td_unsid=42', 'r4@example.com\td_sid=42']);
    const drop = detectDrop('ftp_dpm_163_1795687200.sync', Buffer.from(text));
    if ('error' in drop) throw new Error(drop.error);
    expect(drop.mode).toBe('sync');
    const parser = createLineParser(drop);
    expect(parser.parseLine('r2@example.com\td_unsid=42', 1)).toMatchObject({ add: [], remove: ['42'] });
    expect(job.receipt).toMatchObject({
      mode: 'incremental',
      membershipsAdded: 1,
      membershipsRemoved: 1,
      recordsWritten: 2,
    });
    world.setNow('2026-11-26T11:00:00.000Z');
    const quiet = await exportNow(world, 'crm', inc());
    expect(quiet.receipt).toMatchObject({ recordsWritten: 0, files: [] });
    expect(quiet.outputKeys).toEqual([]);
  });

  it('removes at the partner a member exported before once it is suppressed', async () => {
    await exportNow(world, 'crm', { ...inc(), purpose: 'marketing' });
    world.recipients.set('r3', recipient('r3', { email: 'r3@example.com', consent: { marketing: false } }));
    world.setNow('2026-11-26T10:00:00.000Z');
    const job = await exportNow(world, 'crm', inc());
    expect(await world.readText(`${FOLDER}ftp_dpm_163_1795687200.sync`)).toBe('r3@example.com\td_unsid=42\n');
    expect(job.receipt).toMatchObject({ recordsSuppressed: 1, membershipsRemoved: 1, recordsWritten: 1 });
  });

  it('writes each change once when the job is retried after a failed attempt', async () => {
    await exportNow(world, 'crm', inc());
    await world.changeList('api.crm', ['r4'], ['r2']);
    world.setNow('2026-11-26T10:00:00.000Z');
    const { jobId } = await startExport(exportPortsOf(world.runtime), { sharedAudience: 'crm' }, 'test');
    const sources = (world.runtime as unknown as { exportSources: { recipients: { getMany: unknown } } })
      .exportSources.recipients;
    const real = sources.getMany;
    let calls = 0;
    sources.getMany = async (ids: readonly string[]) => {
      calls += 1;
      if (calls === 2) throw new Error('recipient store unavailable');
      return (real as (ids: readonly string[]) => Promise<unknown>)(ids);
    };
    await expect(runExport(exportPortsOf(world.runtime), jobId)).rejects.toThrow(
      'recipient store unavailable',
    );
    expect((await world.runtime.jobs.get(jobId))?.status).toBe('running');
    expect(await runExport(exportPortsOf(world.runtime), jobId)).toBe('succeeded');
    const key = `${FOLDER}ftp_dpm_163_1795687200.sync`;
    expect(sortedLines(await world.readText(key))).toEqual([
      'r2@example.com\td_unsid=42',
      'r4@example.com\td_sid=42',
    ]);
    // A redelivery after success changes nothing; the next export sees no change.
    expect(await runExport(exportPortsOf(world.runtime), jobId)).toBe('ignored');
    world.setNow('2026-11-26T11:00:00.000Z');
    expect((await exportNow(world, 'crm', inc())).receipt.recordsWritten).toBe(0);
  });

  it('only finishes the job when a retry finds its snapshot already published', async () => {
    const first = await exportNow(world, 'crm', inc());
    await world.runtime.jobs.put({ ...first, status: 'running' });
    expect(await runExport(exportPortsOf(world.runtime), first.jobId)).toBe('succeeded');
    const again = await world.runtime.jobs.get(first.jobId);
    expect(again?.receipt).toEqual(first.receipt);
    expect(again?.outputKeys).toEqual(first.outputKeys);
  });

  it('refuses a second export while one runs and the schedule skips it when the lease is held', async () => {
    await world.runtime.sharedAudiences.put(
      'crm',
      { ...inc(), schedule: 'scheduled' },
      '2026-11-26T08:00:00.000Z',
    );
    const { jobId } = await startExport(exportPortsOf(world.runtime), { sharedAudience: 'crm' }, 'test');
    await expect(
      startExport(exportPortsOf(world.runtime), { sharedAudience: 'crm' }, 'test'),
    ).rejects.toThrow('sharedAudience: an export of this shared audience is already running');
    expect(await runScheduledExports(exportPortsOf(world.runtime))).toEqual({
      started: [],
      skipped: ['crm'],
    });
    expect(await runExport(exportPortsOf(world.runtime), jobId)).toBe('succeeded');
    world.setNow('2026-11-26T10:00:00.000Z');
    const next = await runScheduledExports(exportPortsOf(world.runtime));
    expect(next).toEqual({ started: ['export:crm:1795687200000'], skipped: [] });
    expect(world.queued).toEqual([jobId, 'export:crm:1795687200000']);
  });

  it('hands a busy export back to the queue and drops a malformed message in the worker', async () => {
    await world.runtime.sharedAudiences.put('crm', inc(), '2026-11-26T08:00:00.000Z');
    const { jobId } = await startExport(exportPortsOf(world.runtime), { sharedAudience: 'crm' }, 'test');
    await world.runtime.leases.release(exportLeaseResource('crm'), jobId);
    await world.runtime.leases.acquire(exportLeaseResource('crm'), 'export:crm:other', 60_000);
    setRuntime(world.runtime);
    try {
      const record = (messageId: string, body: string) => ({ messageId, body }) as SQSRecord;
      const event = { Records: [record('m1', JSON.stringify({ jobId })), record('m2', '{"job":1}')] };
      expect(await handler(event, lambdaContext)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
      await world.runtime.leases.release(exportLeaseResource('crm'), 'export:crm:other');
      expect(await handler({ Records: [record('m1', JSON.stringify({ jobId }))] }, lambdaContext)).toEqual({
        batchItemFailures: [],
      });
      expect((await world.runtime.jobs.get(jobId))?.status).toBe('succeeded');
    } finally {
      setRuntime(undefined);
    }
  });
});
