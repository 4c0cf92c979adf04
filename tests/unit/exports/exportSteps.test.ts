import { describe, expect, it } from 'vitest';
import { DependencyError } from '../../../shared/errors/index.ts';
import { ExportWriter } from '../../../shared/exports/ExportWriter.ts';
import { runExport } from '../../../shared/exports/index.ts';
import { planExport } from '../../../shared/exports/planExport.ts';
import { publishExport } from '../../../shared/exports/publishExport.ts';
import { resolveBatch } from '../../../shared/exports/resolveBatch.ts';
import { writeShards } from '../../../shared/exports/writeShards.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import type { SharedAudience } from '../../../shared/sharedAudiences/index.ts';
import { memoryExportPorts } from '../../helpers/memoryExportPorts.ts';
import { dataSource, recipient } from './exportFixture.ts';

/** Recipients r-1…r-5 with emails; r-3 refused `marketing`, r-4 has no email. */
const RECIPIENTS = [
  recipient('r-1', { email: 'one@example.com' }),
  recipient('r-2', { email: 'two@example.com' }),
  recipient('r-3', { email: 'three@example.com', consent: { marketing: false } }),
  recipient('r-4'),
  recipient('r-5', { email: 'five@example.com' }),
];
const EMAILS = dataSource({ name: 'emails' });
const AUDIENCE: SharedAudience = {
  name: 'crm',
  listId: 'aam.42',
  dataSource: 'emails',
  format: 'aam-inbound',
  mode: 'incremental',
  traitId: '777',
  schedule: 'manual',
  gzip: false,
  purpose: 'marketing',
  updatedAt: '2026-01-01T00:00:00.000Z',
  snapshot: { generation: 0 },
};
const member = (id: string) => ({ recipientId: id });

function world(
  shards = [
    [member('r-1'), member('r-3')],
    [member('r-2'), member('r-4')],
  ],
) {
  return memoryExportPorts({ audience: AUDIENCE, dataSource: EMAILS, recipients: RECIPIENTS, shards });
}

async function planned(w: ReturnType<typeof world>, jobId: string) {
  w.queue(jobId);
  const out = await planExport(w.ports, w.jobs.get(jobId) as Job);
  if (!('plan' in out)) throw new Error('expected a plan');
  return out.plan;
}

describe('export steps on in-memory ports', () => {
  it('resolve: an ID per member the partner knows; refused consent suppressed, no email without ID', async () => {
    const plan = await planned(world(), 'export:crm:1');
    const recipients = new Map(RECIPIENTS.map((r) => [r.recipientId, r]));
    const out = resolveBatch(['r-1', 'r-3', 'r-4', 'r-9'].map(member), recipients, plan.policy);
    expect(out).toEqual({
      withId: [{ key: 'r#r-1', ids: ['one@example.com'] }],
      missing: ['r-4', 'r-9'],
      withoutId: 2,
      suppressed: 1,
    });
  });

  it('select: the first export of a stored audience is a full baseline at generation 1', async () => {
    const plan = await planned(world(), 'export:crm:1795683600000');
    expect(plan).toMatchObject({
      name: 'crm',
      stored: true,
      published: 0,
      sameBasis: false,
      diff: false,
      generation: 1,
      basis: 'aam-inbound|emails|777',
    });
    expect(plan.names.folder).toBe('outbound/crm/date=2026-11-26/');
    expect(plan.names.dataFile(undefined)).toBe('ftp_dpm_163_1795683600.sync');
  });

  it('write: rows of every shard, the without-ID file apart, snapshot entries at the new generation', async () => {
    const w = world();
    const plan = await planned(w, 'export:crm:1795683600000');
    const writer = new ExportWriter(plan, w.ports.sources, w.snapshots, w.files);
    const written = await writeShards(w.ports.sources.lists, 'aam.42', writer, async () => true);
    expect(written.files.map((f) => f.name)).toEqual(['ftp_dpm_163_1795683600.sync']);
    expect(
      w.files.written.get('staging/outbound/crm/export_crm_1795683600000/ftp_dpm_163_1795683600.sync'),
    ).toEqual(['one@example.com\td_sid=777', 'two@example.com\td_sid=777']);
    expect(w.files.written.get('receipts/export:crm:1795683600000.without-id.txt')).toEqual(['r-4']);
    expect(writer.receipt).toMatchObject({
      recordsProcessed: 4,
      recordsWritten: 2,
      recordsWithoutId: 1,
      recordsSuppressed: 1,
      membershipsAdded: 2,
      membershipsRemoved: 0,
    });
    expect([...w.snapshots.entries.values()]).toEqual([
      { memberKey: 'r#r-1', v: 1, id: 'one@example.com' },
      { memberKey: 'r#r-2', v: 1, id: 'two@example.com' },
    ]);
  });

  it('write: a lost lease between shards drops the staged files and is retried as a dependency failure', async () => {
    const w = world();
    const plan = await planned(w, 'export:crm:1');
    const writer = new ExportWriter(plan, w.ports.sources, w.snapshots, w.files);
    await expect(writeShards(w.ports.sources.lists, 'aam.42', writer, async () => false)).rejects.toThrow(
      DependencyError,
    );
    expect(w.files.aborted).toBe(2);
    expect(w.files.written.size).toBe(0);
  });

  it('publish: the data file then the .info, the result under receipts/, the snapshot, staging removed', async () => {
    const w = world();
    const plan = await planned(w, 'export:crm:1795683600000');
    const writer = new ExportWriter(plan, w.ports.sources, w.snapshots, w.files);
    const written = await writeShards(w.ports.sources.lists, 'aam.42', writer, async () => true);
    const result = await publishExport(w.ports, plan, writer, written);
    expect(result.outputKeys).toEqual([
      'outbound/crm/date=2026-11-26/ftp_dpm_163_1795683600.sync',
      'outbound/crm/date=2026-11-26/ftp_dpm_163_1795683600.info',
    ]);
    expect(result.withoutIdKey).toBe('receipts/export:crm:1795683600000.without-id.txt');
    expect(w.files.results.get('export:crm:1795683600000')).toEqual(result);
    expect(w.audiences.get('crm')?.snapshot).toEqual({
      generation: 1,
      jobId: 'export:crm:1795683600000',
      basis: 'aam-inbound|emails|777',
    });
    expect(w.files.removed).toEqual(['staging/outbound/crm/export_crm_1795683600000/']);
  });

  it('publish: another export that published meanwhile makes this one a conflict, its staging kept for the retry', async () => {
    const w = world();
    const plan = await planned(w, 'export:crm:1');
    const writer = new ExportWriter(plan, w.ports.sources, w.snapshots, w.files);
    const written = await writeShards(w.ports.sources.lists, 'aam.42', writer, async () => true);
    (w.audiences.get('crm') as SharedAudience).snapshot = { generation: 5 };
    await expect(publishExport(w.ports, plan, writer, written)).rejects.toThrow(
      'sharedAudience: another export published a snapshot meanwhile',
    );
    expect(w.files.removed).toEqual([]);
  });

  it('runs plan → write → publish: an incremental after a baseline writes only what changed', async () => {
    const w = world();
    w.queue('export:crm:1795683600000');
    expect(await runExport(w.ports, 'export:crm:1795683600000')).toBe('succeeded');
    w.state.shards = [[member('r-1')], [member('r-5')]];
    w.queue('export:crm:1795687200000');
    expect(await runExport(w.ports, 'export:crm:1795687200000')).toBe('succeeded');
    const job = w.jobs.get('export:crm:1795687200000');
    expect(job?.receipt).toMatchObject({ mode: 'incremental', membershipsAdded: 1, membershipsRemoved: 1 });
    expect(
      w.files.written.get('staging/outbound/crm/export_crm_1795687200000/ftp_dpm_163_1795687200.sync'),
    ).toEqual(['five@example.com\td_sid=777', 'two@example.com\td_unsid=777']);
    expect(job?.outputKeys).toEqual([
      'outbound/crm/date=2026-11-26/ftp_dpm_163_1795687200.sync',
      'outbound/crm/date=2026-11-26/ftp_dpm_163_1795687200.info',
    ]);
  });

  it('select: a retry of an attempt that already published gets its result without reading a member', async () => {
    const w = world();
    w.queue('export:crm:1');
    expect(await runExport(w.ports, 'export:crm:1')).toBe('succeeded');
    const job = w.jobs.get('export:crm:1') as Job;
    const again = await planExport(w.ports, { ...job, status: 'running' });
    expect(again).toEqual({ done: w.files.results.get('export:crm:1') });
  });
});
