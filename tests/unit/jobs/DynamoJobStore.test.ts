import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../../local/emulators.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { DynamoJobStore, emptyReceipt, type Job } from '../../../shared/jobs/index.ts';
import { createTable } from '../../../shared/stores/index.ts';

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
  let dynamo: RunningDynamo;
  let ddb: DynamoDBDocumentClient;
  let table = 0;

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    ddb = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint })).ddb;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  async function store(): Promise<DynamoJobStore> {
    const name = `jobs-${++table}`;
    await createTable(ddb, name);
    const jobs = new DynamoJobStore(ddb, name);
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
    const send = ddb.send.bind(ddb) as (command: unknown) => Promise<unknown>;
    const other: Job = { ...queued, status: 'failed', updatedAt: '2026-03-04T05:01:00.000Z' };
    let raced = false;
    // Lets the real conditional put run, just after a competing write lands between its read and its write.
    vi.spyOn(ddb, 'send').mockImplementation((async (command: unknown) => {
      if (!raced && command instanceof PutCommand && command.input.ConditionExpression) {
        raced = true;
        await jobs.put(other);
      }
      return send(command);
    }) as typeof ddb.send);
    expect(await jobs.transition(queued.jobId, ['queued'], { status: 'running' })).toBeUndefined();
    expect(raced).toBe(true);
    vi.restoreAllMocks();
    expect(await jobs.get(queued.jobId)).toEqual(other);
  });
});
