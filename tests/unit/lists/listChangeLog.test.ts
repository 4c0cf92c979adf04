import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoListChangeLog } from '../../../shared/lists/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const DAY_S = 86_400;
const T0 = Date.parse('2027-03-01T00:00:00.000Z');

describe('DynamoListChangeLog retention', () => {
  const tables = useDynamoTables();
  const setup = async () => {
    const table = await tables.create('chglog');
    let now = T0;
    const log = new DynamoListChangeLog(tables.ddb, table, { retentionDays: 30, now: () => new Date(now) });
    const items = async (listId: string) =>
      (
        await tables.ddb.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CHG#${listId}` },
          }),
        )
      ).Items ?? [];
    return { table, log, items, advance: (ms: number) => (now += ms) };
  };

  it('keeps the list change log for its retention only, where the emulator has no TTL (change-log items never expired)', async () => {
    const { log, items, advance } = await setup();
    await log.record('aam.1', 1, 0, ['r-1', '@email:a@b.c']);
    advance(2 * DAY_S * 1000); // the session runs on: its seal must not outlive this first chunk
    await log.record('aam.1', 1, 1, ['r-2']);
    await log.seal('aam.1', 1);
    await log.record('aam.1', 2, 0, ['r-3']);
    await log.seal('aam.1', 2);
    const t0 = T0 / 1000;
    expect((await items('aam.1')).map((item) => [item.sk, item.ttl])).toEqual([
      ['000000000001#000000000000#000000', t0 + 30 * DAY_S],
      ['000000000001#000000000001#000000', t0 + 32 * DAY_S],
      ['000000000001#S', t0 + 30 * DAY_S - 3_600],
      ['000000000002#000000000000#000000', t0 + 32 * DAY_S],
      ['000000000002#S', t0 + 32 * DAY_S - 3_600],
    ]);
    expect(await log.changedSince('aam.1', 0, 2)).toEqual(new Set(['r-1', '@email:a@b.c', 'r-2', 'r-3']));

    // Day 30, one hour before version 1's first chunk expires: its seal has, so version 1 is unknown
    // even while TTL has not deleted anything yet (TTL deletes late, and in any order).
    advance(28 * DAY_S * 1000 - 3_600_000);
    expect(await log.changedSince('aam.1', 0, 2)).toBeUndefined();
    expect(await log.changedSince('aam.1', 1, 2)).toEqual(new Set(['r-3']));
    // The sweep reads in version order and stops at the first item still to keep.
    expect(await log.sweep(['aam.1'])).toBe(0);

    advance(3_600_000);
    expect(await log.sweep(['aam.1'])).toBe(1);
    expect((await items('aam.1')).map((item) => item.sk)).toEqual([
      '000000000001#000000000001#000000',
      '000000000001#S',
      '000000000002#000000000000#000000',
      '000000000002#S',
    ]);
    advance(2 * DAY_S * 1000);
    expect(await log.sweep(['aam.1', 'aam.none'])).toBe(4);
    expect(await items('aam.1')).toEqual([]);
  });

  it('treats change-log items written before they carried a ttl as expired (a full pass, never a wrong incremental one)', async () => {
    const { table, log, items } = await setup();
    for (const sk of ['000000000001#000000000000#000000', '000000000001#S']) {
      await tables.ddb.send(
        new PutCommand({
          TableName: table,
          Item: { pk: 'CHG#aam.2', sk, ...(sk.endsWith('S') ? {} : { keys: ['r-9'] }) },
        }),
      );
    }
    await log.record('aam.2', 2, 0, ['r-10']);
    await log.seal('aam.2', 2);
    expect(await log.changedSince('aam.2', 0, 2)).toBeUndefined();
    expect(await log.changedSince('aam.2', 1, 2)).toEqual(new Set(['r-10']));
    expect(await log.sweep(['aam.2'])).toBe(2);
    expect((await items('aam.2')).map((item) => item.sk)).toEqual([
      '000000000002#000000000000#000000',
      '000000000002#S',
    ]);
  });

  it('forgets a member key in every entry of the logs it is in, keeping the others', async () => {
    const { log, items } = await setup();
    await log.record('aam.3', 1, 0, ['r-1', '@email:a@b.c', 'r-2']);
    await log.seal('aam.3', 1);
    await log.record('aam.3', 2, 0, ['@email:a@b.c']);
    await log.seal('aam.3', 2);
    await log.record('aam.4', 1, 0, ['r-2']);
    expect(await log.forget(['aam.3', 'aam.4', 'aam.none'], ['@email:a@b.c'])).toBe(2);
    expect((await items('aam.3')).map((item) => [item.sk, item.keys])).toEqual([
      ['000000000001#000000000000#000000', ['r-1', 'r-2']],
      ['000000000001#S', undefined],
      ['000000000002#000000000000#000000', []],
      ['000000000002#S', undefined],
    ]);
    expect(await log.changedSince('aam.3', 0, 2)).toEqual(new Set(['r-1', 'r-2']));
    expect((await items('aam.4')).map((item) => item.keys)).toEqual([['r-2']]);
  });
});
