import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessDynamo } from '../../../bench/inProcessDynamo.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import { DynamoJobStore, emptyReceipt } from '../../../shared/jobs/index.ts';
import { DynamoLeaseStore } from '../../../shared/leases/index.ts';
import { batchClientOf, batchGet, batchWrite, type WriteRequest } from '../../../shared/stores/index.ts';

const TABLE = 'bench';

function members(n: number, shards: number): WriteRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    PutRequest: { Item: { pk: `M#l#${i % shards}`, sk: `r${String(i).padStart(5, '0')}`, from: 1 } },
  }));
}

describe('InProcessDynamo', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts one BatchWriteItem per 25 items and the writes per partition key when batchWrite sends 1,000 puts', async () => {
    const dynamo = new InProcessDynamo();
    await batchWrite(dynamo.client, TABLE, members(1_000, 4));
    const counts = dynamo.counts();
    expect(counts.byCommand).toEqual({ BatchWriteCommand: 40 });
    expect(counts.itemWrites).toBe(1_000);
    expect(counts.changedItems).toBe(1_000);
    expect(counts.minimumRequests).toBe(40);
    expect(counts.requestRatio).toBe(1);
    expect(counts.partitionKeysWritten).toBe(4);
    expect(counts.hottestKeyShare).toBe(0.25);
    expect(dynamo.size).toBe(1_000);
  });

  it('stores and answers every attribute type the batch calls send when items go through the wire format', async () => {
    const dynamo = new InProcessDynamo();
    const item = {
      pk: 'PEND#ID#x',
      sk: 'aam.1',
      n: 1.5,
      keys: ['ID#x', 'ID#y'],
      m: { a: 'b', c: [1, { d: true }], e: null },
      tags: new Set(['t1', 't2']),
      nums: new Set([3, 4]),
      bin: new Uint8Array([1, 2]),
      dropped: undefined,
    };
    await batchWrite(dynamo.client, TABLE, [{ PutRequest: { Item: item } }]);
    const [found] = await batchGet(dynamo.client, TABLE, [{ pk: 'PEND#ID#x', sk: 'aam.1' }]);
    const { dropped: _dropped, ...stored } = item;
    expect(found).toEqual(stored);
    expect(
      await dynamo.client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'PEND#ID#x', sk: 'aam.1' } })),
    ).toEqual({
      Item: stored,
    });
  });

  it('counts distinct lookups and finds the stored items when batchGet reads 250 keys', async () => {
    const dynamo = new InProcessDynamo();
    await batchWrite(dynamo.client, TABLE, members(200, 1));
    dynamo.counter.reset();
    const keys = Array.from({ length: 250 }, (_, i) => ({
      pk: 'M#l#0',
      sk: `r${String(i).padStart(5, '0')}`,
    }));
    const found = await batchGet(dynamo.client, TABLE, keys);
    expect(found).toHaveLength(200);
    const counts = dynamo.counts();
    expect(counts.byCommand).toEqual({ BatchGetCommand: 3 });
    expect(counts.lookups).toBe(250);
    expect(counts.minimumRequests).toBe(3);
  });

  it('does not count a put as a change when the item is rewritten unchanged', async () => {
    const dynamo = new InProcessDynamo();
    await batchWrite(dynamo.client, TABLE, members(10, 1));
    dynamo.counter.reset();
    await batchWrite(dynamo.client, TABLE, members(10, 1));
    expect(dynamo.counts()).toMatchObject({ itemWrites: 10, changedItems: 0, minimumRequests: 0 });
  });

  it('rejects a batch with duplicate keys as DynamoDB does', async () => {
    const dynamo = new InProcessDynamo();
    const dup = [...members(2, 1), ...members(1, 1)];
    await expect(batchWrite(dynamo.client, TABLE, dup)).rejects.toThrow(/duplicates/);
  });

  it('runs the real job store unchanged: put, transition with its condition, and list through gsi1', async () => {
    const dynamo = new InProcessDynamo();
    const jobs = new DynamoJobStore(dynamo.client, TABLE);
    const job = {
      jobId: 'ingest:inbound/a.sync',
      type: 'ingest',
      status: 'queued',
      attempts: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      receipt: emptyReceipt(),
    } as unknown as Job;
    await jobs.put(job);
    expect((await jobs.transition(job.jobId, ['queued'], { status: 'running' }))?.status).toBe('running');
    expect(await jobs.transition(job.jobId, ['queued'], { status: 'running' })).toBeUndefined();
    expect((await jobs.list({ type: 'ingest', limit: 10 })).jobs.map((j) => j.status)).toEqual(['running']);
    expect((await jobs.listUnfinished()).map((j) => j.jobId)).toEqual([job.jobId]);
    expect(dynamo.counts().byCommand).toEqual({ PutCommand: 2, GetCommand: 2, QueryCommand: 6 });
  });

  it('runs the real lease store unchanged: a second holder is refused until the lease expires', async () => {
    const dynamo = new InProcessDynamo();
    let now = 1_000;
    const leases = new DynamoLeaseStore(dynamo.client, TABLE, () => now);
    expect(await leases.acquire('list#x', 'a', 100)).toBeDefined();
    expect(await leases.acquire('list#x', 'b', 100)).toBeUndefined();
    expect(await leases.renew('list#x', 'b', 100)).toBe(false);
    now = 2_000;
    expect((await leases.acquire('list#x', 'b', 100))?.takenOver?.holder).toBe('a');
    await leases.release('list#x', 'b');
    expect(
      await dynamo.client.send(
        new GetCommand({ TableName: TABLE, Key: { pk: 'LEASE#list#x', sk: 'LEASE' } }),
      ),
    ).toEqual({});
  });

  it('applies SET with arithmetic and if_not_exists, and pages a Query at Limit', async () => {
    const dynamo = new InProcessDynamo();
    const update = () =>
      dynamo.client.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'LISTS', sk: 'aam.1' },
          UpdateExpression: 'SET #size = if_not_exists(#size, :zero) + :n, version = :v',
          ExpressionAttributeNames: { '#size': 'size' },
          ExpressionAttributeValues: { ':zero': 0, ':n': 5, ':v': 2 },
          ReturnValues: 'ALL_NEW',
        }),
      );
    await update();
    expect(await update()).toEqual({ Attributes: { pk: 'LISTS', sk: 'aam.1', size: 10, version: 2 } });
    await batchWrite(dynamo.client, TABLE, members(5, 1));
    const page = (await dynamo.client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': 'M#l#0', ':p': 'r' },
        Limit: 2,
      }),
    )) as unknown as { Items: Array<{ sk: string }>; LastEvaluatedKey?: unknown };
    expect(page.Items.map((i) => i.sk)).toEqual(['r00000', 'r00001']);
    expect(page.LastEvaluatedKey).toEqual({ pk: 'M#l#0', sk: 'r00001' });
  });

  it('answers a COUNT query sent through the batch client in wire JSON, paging where it stopped', async () => {
    const dynamo = new InProcessDynamo();
    await batchWrite(dynamo.client, TABLE, members(5, 1));
    const count = (start?: Record<string, AttributeValue>) =>
      batchClientOf(dynamo.client).send({
        operation: 'Query',
        input: {
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: '#f = :p',
          ExpressionAttributeNames: { '#f': 'from' },
          ExpressionAttributeValues: { ':pk': { S: 'M#l#0' }, ':p': { N: '1' } },
          Select: 'COUNT',
          Limit: 3,
          ...(start ? { ExclusiveStartKey: start } : {}),
        },
      });
    const first = await count();
    expect(first).toEqual({ Count: 3, LastEvaluatedKey: { pk: { S: 'M#l#0' }, sk: { S: 'r00002' } } });
    expect(await count(first.LastEvaluatedKey)).toEqual({ Count: 2 });
    expect(dynamo.counts().byCommand).toEqual({ BatchWriteCommand: 1, QueryCommand: 2 });
  });

  it('answers a request only once its round trip has passed when latencyMs is set', async () => {
    vi.useFakeTimers();
    const dynamo = new InProcessDynamo({ latencyMs: 5 });
    let answered = false;
    const pending = dynamo.send(new GetCommand({ TableName: TABLE, Key: { pk: 'a', sk: 'b' } })).then(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(4);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(answered).toBe(true);
    expect(dynamo.counts().byCommand).toEqual({ GetCommand: 1 });
  });

  it('fails loudly when a store sends a command it does not implement', async () => {
    const dynamo = new InProcessDynamo();
    await expect(dynamo.client.send(new ScanCommand({ TableName: TABLE }))).rejects.toThrow(
      /ScanCommand is not supported/,
    );
  });
});
