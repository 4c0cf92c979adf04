import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditRetention, DynamoAuditStore } from '../../../shared/audit/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const DAY = 86_400_000;

describe('DynamoAuditRetention', () => {
  const tables = useDynamoTables();
  let table: string;
  let now = Date.parse('2027-03-01T12:00:00.000Z');
  const days = async (store: DynamoAuditStore, ...dates: string[]) => {
    const out: Record<string, number> = {};
    for (const date of dates) out[date] = (await store.list({ date, limit: 100 })).entries.length;
    return out;
  };

  beforeAll(async () => {
    table = await tables.create('retention');
  });

  it('deletes audit records once their retention passed, where the emulator has no TTL (audit records never expired)', async () => {
    const store = new DynamoAuditStore(tables.ddb, table, 10);
    const at = (date: string) => ({
      actor: 'alice',
      action: 'POST /v1/lists',
      outcome: 201,
      at: `${date}T23:59:59.000Z`,
    });
    for (const date of ['2027-02-10', '2027-02-18', '2027-02-18', '2027-02-19', '2027-02-20'])
      await store.record(at(date));
    // Written with their expiry: what DynamoDB TTL reads in AWS.
    const raw = await tables.ddb.send(
      new GetCommand({
        TableName: table,
        Key: {
          pk: 'AUDIT#2027-02-20',
          sk: (await store.list({ date: '2027-02-20', limit: 1 })).entries.map((e) => `${e.at}#${e.id}`)[0],
        },
      }),
    );
    expect(raw.Item?.ttl).toBe(Date.parse('2027-03-02T23:59:59.000Z') / 1000);

    const retention = new DynamoAuditRetention(tables.ddb, table, 10, () => new Date(now));
    // 2027-03-01 12:00: the records of 2027-02-18 and before are more than 10 days old.
    expect(await retention.sweep()).toBe(3);
    expect(await days(store, '2027-02-10', '2027-02-18', '2027-02-19', '2027-02-20')).toEqual({
      '2027-02-10': 0,
      '2027-02-18': 0,
      '2027-02-19': 1,
      '2027-02-20': 1,
    });
    expect(await retention.sweep()).toBe(0);
    now += 2 * DAY;
    expect(await retention.sweep()).toBe(2);
    expect(await days(store, '2027-02-19', '2027-02-20')).toEqual({ '2027-02-19': 0, '2027-02-20': 0 });
  });
});
