import { describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../shared/jobs/index.ts';
import { DynamoLeaseStore } from '../../../shared/leases/index.ts';
import { DynamoListStore, MAX_HISTORY_POINTS } from '../../../shared/lists/index.ts';
import { DynamoPendingStore, Rematcher } from '../../../shared/pending/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 24 * 3_600_000;

describe('Rematcher', () => {
  const tables = useDynamoTables();
  const world = async () => {
    const table = await tables.create('pending');
    const leases = new DynamoLeaseStore(tables.ddb, table, () => NOW);
    const lists = new DynamoListStore(tables.ddb, table, leases, { now: () => new Date(NOW) });
    const pending = new DynamoPendingStore(tables.ddb, table);
    const jobs = new DynamoJobStore(tables.ddb, table);
    const rematcher = new Rematcher({
      pending,
      lists,
      jobs,
      now: () => new Date(NOW),
      attempts: 2,
      pauseMs: 1,
    });
    for (const listId of ['aam.1', 'aam.2', 'aam.3'])
      await lists.create({ listId, name: listId, source: 'aam', segmentId: listId.slice(4) });
    return { lists, pending, jobs, rematcher, leases };
  };

  it('applies live memberships once, skips expired and replaced ones, and sweeps all of them', async () => {
    const { lists, pending, jobs, rematcher } = await world();
    const keys = ['ID#dpid:9#A', 'ID#email#a@example.com'];
    await pending.put([
      ...keys.map((key) => ({ key, listId: 'aam.1', keys, ts: 10, exp: NOW + DAY })),
      { key: keys[0] as string, listId: 'aam.2', keys: [keys[0] as string], ts: 10, exp: NOW - 1 },
    ]);
    // aam.3 took a full file after this membership was kept: replaced.
    const full = await lists.openWrite('aam.3', 'full-job');
    await full.commit({ fullTimestamp: 20 });
    await pending.put([
      { key: keys[0] as string, listId: 'aam.3', keys: [keys[0] as string], ts: 10, exp: NOW + DAY },
    ]);

    await rematcher.matched('link:1', [{ recipientId: 'r-1', keys: [keys[1] as string] }]);
    expect((await lists.get('aam.1'))?.size).toBe(1);
    expect((await lists.get('aam.2'))?.size).toBe(0);
    expect((await lists.get('aam.3'))?.size).toBe(0);
    expect((await jobs.get('rematch:link:1'))?.receipt).toMatchObject({
      recordsProcessed: 1,
      membershipsAdded: 1,
    });
    // The sibling copy under the other key went with it: a match by that key finds nothing left.
    expect(await pending.ofKey(keys[1] as string)).toEqual([]);
    await rematcher.matched('link:2', [{ recipientId: 'r-1', keys: [keys[0] as string] }]);
    expect(await jobs.get('rematch:link:2')).toBeUndefined();
    expect(await pending.ofKey(keys[0] as string)).toEqual([]);
  });

  it('keeps a membership pending while its list stays busy, and applies it at the next match', async () => {
    const { lists, pending, jobs, rematcher, leases } = await world();
    const key = 'ID#dpid:9#B';
    await pending.put([{ key, listId: 'aam.1', keys: [key], ts: 10, exp: NOW + DAY }]);
    await leases.acquire('list#aam.1', 'another-job', 60_000);
    await rematcher.matched('link:busy', [{ recipientId: 'r-2', keys: [key] }]);
    expect((await jobs.get('rematch:link:busy'))?.receipt.warnings).toEqual([
      '1 lists busy: their memberships stay pending',
    ]);
    expect((await pending.ofKey(key)).map((m) => m.listId)).toEqual(['aam.1']);
    await leases.release('list#aam.1', 'another-job');
    await rematcher.matched('link:free', [{ recipientId: 'r-2', keys: [key] }]);
    expect((await lists.get('aam.1'))?.size).toBe(1);
    expect(await pending.markedAmong([key])).toEqual(new Set());
  });

  it(`keeps the last ${MAX_HISTORY_POINTS} match-rate points of a list`, async () => {
    const { lists } = await world();
    for (let i = 0; i <= MAX_HISTORY_POINTS; i++) await lists.addHistory('aam.1', { matched: i, pending: 1 });
    const history = (await lists.getStored('aam.1'))?.history ?? [];
    expect(history).toHaveLength(MAX_HISTORY_POINTS);
    expect(history[0]).toEqual({ at: '2026-12-01T00:00:00.000Z', size: 0, matchRate: 0.5 });
    expect(history.at(-1)?.matchRate).toBe(0.9901);
  });
});
