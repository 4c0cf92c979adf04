import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyError } from '../../shared/errors/index.ts';
import { batchGet, batchWrite, DEFAULT_RETRY, type RetryPolicy } from '../../shared/stores/index.ts';
import { useDynamoTables } from '../helpers/dynamoTables.ts';
import { injectFaults } from '../helpers/faultyDynamo.ts';

const sleeps: number[] = [];
const policy: RetryPolicy = {
  ...DEFAULT_RETRY,
  maxAttempts: 4,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
};

const puts = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: `${prefix}#${i}`, sk: 'x', n: i } } }));
const keys = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ pk: `${prefix}#${i}`, sk: 'x' }));

describe('batchWrite and batchGet under injected faults', () => {
  const tables = useDynamoTables();
  let table: string;
  beforeAll(async () => {
    table = await tables.create('faults');
  });

  it('retries unprocessed writes with jittered backoff until every item lands', async () => {
    const ddb = tables.client();
    sleeps.length = 0;
    const counters = injectFaults(ddb, { unprocessedWrites: 2 });
    await batchWrite(ddb, table, puts(25, 'w'), policy);
    expect(await batchGet(ddb, table, keys(25, 'w'), policy)).toHaveLength(25);
    // 25 → 13 applied, 12 unprocessed → 6 applied, 6 unprocessed → 6 applied.
    expect(counters.batchWrites).toBe(3);
    expect(sleeps).toEqual([25, 50]);
  });

  it('retries unprocessed reads and returns every item exactly once', async () => {
    const ddb = tables.client();
    await batchWrite(ddb, table, puts(10, 'r'), policy);
    const counters = injectFaults(ddb, { unprocessedReads: 1 });
    const found = await batchGet(ddb, table, keys(10, 'r'), policy);
    expect(found.map((item) => Number(item.n)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counters.batchGets).toBe(2);
  });

  it('treats a throttling error as nothing processed and retries it', async () => {
    const ddb = tables.client();
    const counters = injectFaults(ddb, { throttles: 2 });
    await batchWrite(ddb, table, puts(3, 't'), policy);
    expect(counters.throttled).toBe(2);
    expect(await batchGet(ddb, table, [{ pk: 't#2', sk: 'x' }], policy)).toEqual([
      { pk: 't#2', sk: 'x', n: 2 },
    ]);
  });

  it('fails with a DependencyError naming the count once the bound is reached, never dropping silently', async () => {
    const ddb = tables.client();
    injectFaults(ddb, { throttles: 100 });
    const attempt = batchWrite(ddb, table, puts(5, 'f'), policy);
    await expect(attempt).rejects.toThrow(DependencyError);
    await expect(attempt).rejects.toThrow('DynamoDB left 5 writes unprocessed or throttled after 4 attempts');
  });
});
