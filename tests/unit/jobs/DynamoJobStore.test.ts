import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import { DynamoJobStore, emptyReceipt, type Job } from '../../../shared/jobs/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const queued: Job = {
  jobId: 'ingest:inbound/a.sync',
  type: 'ingest',
  status: 'queued',
  createdAt: '2026-03-04T05:00:00.000Z',
  updatedAt: '2026-03-04T05:00:00.000Z',
  receipt: emptyReceipt(),
  attempts: 0,
  startedBy: 's3',
  source: { key: 'inbound/a.sync', etag: 'e1', size: 42 },
};

describe('DynamoJobStore', () => {
  const tables = useDynamoTables();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function store(): Promise<DynamoJobStore> {
    const name = await tables.create('jobs');
    const jobs = new DynamoJobStore(tables.ddb, name);
    await jobs.put(queued);
    return jobs;
  }

  it('returns the job as stored when the transition happens', async () => {
    const jobs = await store();
    const receipt = { ...emptyReceipt('aam-inbound', 'sync'), linesRead: 2, recordsProcessed: 2, idLinks: 2 };
    const moved = await jobs.transition(queued.jobId, ['queued', 'running'], {
      status: 'succeeded',
      attempts: 1,
      receipt,
      updatedAt: '2026-03-04T05:06:07.000Z',
    });
    expect(moved).toEqual({
      jobId: 'ingest:inbound/a.sync',
      type: 'ingest',
      status: 'succeeded',
      createdAt: '2026-03-04T05:00:00.000Z',
      updatedAt: '2026-03-04T05:06:07.000Z',
      receipt: { ...emptyReceipt('aam-inbound', 'sync'), linesRead: 2, recordsProcessed: 2, idLinks: 2 },
      attempts: 1,
      startedBy: 's3',
      source: { key: 'inbound/a.sync', etag: 'e1', size: 42 },
    });
    expect(await jobs.get(queued.jobId)).toEqual(moved);
  });

  it('returns undefined and changes nothing when the status is not one of from', async () => {
    const jobs = await store();
    expect(await jobs.transition(queued.jobId, ['running'], { status: 'succeeded' })).toBeUndefined();
    expect(await jobs.get(queued.jobId)).toEqual(queued);
  });

  it('returns undefined when the job does not exist', async () => {
    const jobs = await store();
    expect(
      await jobs.transition('ingest:inbound/none.sync', ['queued'], { status: 'running' }),
    ).toBeUndefined();
  });

  it('returns undefined and keeps the other write when another writer changes the job first', async () => {
    const jobs = await store();
    const send = tables.ddb.send.bind(tables.ddb) as (command: unknown) => Promise<unknown>;
    const other: Job = { ...queued, status: 'failed', updatedAt: '2026-03-04T05:01:00.000Z' };
    let raced = false;
    // Lets the real conditional put run, just after a competing write lands between its read and its write.
    vi.spyOn(tables.ddb, 'send').mockImplementation((async (command: unknown) => {
      if (!raced && command instanceof PutCommand && command.input.ConditionExpression) {
        raced = true;
        await jobs.put(other);
      }
      return send(command);
    }) as typeof tables.ddb.send);
    expect(await jobs.transition(queued.jobId, ['queued'], { status: 'running' })).toBeUndefined();
    expect(raced).toBe(true);
    vi.restoreAllMocks();
    expect(await jobs.get(queued.jobId)).toEqual(other);
  });

  it('names a corrupt stored job and its field on read, in get, list and listUnfinished alike', async () => {
    const name = await tables.create('jobs');
    const jobs = new DynamoJobStore(tables.ddb, name);
    await jobs.put({ ...queued, receipt: { ...emptyReceipt(), linesRead: -3 } });
    const message =
      'job ingest:inbound/a.sync: stored record is corrupt at receipt.linesRead: Too small: expected number to be >=0';
    await expect(jobs.get(queued.jobId)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(jobs.get(queued.jobId)).rejects.toThrow(message);
    await expect(jobs.list({ type: 'ingest', limit: 5 })).rejects.toThrow(message);
    await expect(jobs.listUnfinished()).rejects.toThrow(message);
  });

  it('reads a job stored before receipts split unmatched IDs by reason as zero of each, not as corrupt', async () => {
    const name = await tables.create('jobs');
    const jobs = new DynamoJobStore(tables.ddb, name);
    const { unmatched: _unmatched, pendingMemberships: _pending, ...older } = emptyReceipt('csv', 'full');
    await jobs.put({ ...queued, receipt: older as Job['receipt'] });
    expect((await jobs.get(queued.jobId))?.receipt).toEqual(emptyReceipt('csv', 'full'));
  });
});
