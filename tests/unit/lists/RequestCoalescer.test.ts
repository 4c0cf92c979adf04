import { beforeAll, describe, expect, it } from 'vitest';
import { RequestCoalescer } from '../../../shared/lists/RequestCoalescer.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';
import { injectFaults } from '../../helpers/faultyDynamo.ts';

const puts = (pk: string, from: number, n: number, v: number) =>
  Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk, sk: `k${from + i}`, v } } }));
const keys = (pk: string, n: number) => Array.from({ length: n }, (_, i) => ({ pk, sk: `k${i}` }));

describe('RequestCoalescer', () => {
  const tables = useDynamoTables();
  let table: string;
  beforeAll(async () => {
    table = await tables.create('coalesce');
  });

  it('shares full requests between callers when they ask in the same turn', async () => {
    const ddb = tables.client();
    const counters = injectFaults(ddb, {});
    const coalescer = new RequestCoalescer(ddb, table);
    // 4 callers × 10 writes: 2 BatchWrites (25 + 15) instead of 4.
    await Promise.all(['a', 'b', 'c', 'd'].map((pk) => coalescer.write(puts(pk, 0, 10, 1))));
    expect(counters.batchWrites).toBe(2);
    // 4 callers × 30 keys (10 stored each): 2 BatchGets (100 + 20) instead of 4, items to their caller.
    const found = await Promise.all(['a', 'b', 'c', 'd'].map((pk) => coalescer.get(keys(pk, 30))));
    expect(counters.batchGets).toBe(2);
    expect(found.map((items) => items.map((item) => item.pk))).toEqual(
      ['a', 'b', 'c', 'd'].map((pk) => Array(10).fill(pk)),
    );
  });

  it('sends callers naming one partition key in turn, the later write winning, when they clash', async () => {
    const ddb = tables.client();
    const counters = injectFaults(ddb, {});
    const coalescer = new RequestCoalescer(ddb, table);
    await Promise.all([coalescer.write(puts('x', 0, 3, 1)), coalescer.write(puts('x', 0, 3, 2))]);
    expect(counters.batchWrites).toBe(2);
    const items = await coalescer.get(keys('x', 3));
    expect(items.map((item) => item.v)).toEqual([2, 2, 2]);
  });
});
