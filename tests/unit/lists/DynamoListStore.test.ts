import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../../local/emulators.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ConflictError } from '../../../shared/errors/index.ts';
import { DynamoLeaseStore } from '../../../shared/leases/index.ts';
import { DynamoListStore, type Member, shardOf } from '../../../shared/lists/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { beforeDynamoCalls } from '../../helpers/dynamoHooks.ts';

const rid = (n: number): Member => ({ recipientId: `r-${n}` });
const ids = (members: Member[]) => members.map((m) => m.recipientId ?? `@${m.channel}:${m.address}`).sort();

async function allMembers(store: DynamoListStore, listId: string): Promise<Member[]> {
  const out: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.members(listId, { limit: 7, ...(cursor ? { cursor } : {}) });
    out.push(...page.members);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

describe('DynamoListStore', () => {
  let dynamo: RunningDynamo;
  let clients: ReturnType<typeof createClients>;
  let clock = 1_000_000;
  let batchWrites = 0;
  let queries = 0;
  let table = 'lists-0';
  let tableNo = 0;
  const store = (leaseTtlMs = 60_000) =>
    new DynamoListStore(clients.ddb, table, new DynamoLeaseStore(clients.ddb, table, () => clock), {
      now: () => new Date(clock),
      leaseTtlMs,
      forgetAttempts: 1,
    });

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    clients = createClients(
      loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint, AB_S3_ENDPOINT: dynamo.endpoint }),
    );
    beforeDynamoCalls(clients.ddb, (operation) => {
      if (operation === 'BatchWriteItem') batchWrites++;
      if (operation === 'Query') queries++;
    });
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  beforeEach(async () => {
    table = `lists-${++tableNo}`;
    await createTable(clients.ddb, table);
    batchWrites = 0;
  });

  it('shards a member key the same way every time when hashed', () => {
    expect(shardOf('r-1')).toBe(shardOf('r-1'));
    const shards = new Set(Array.from({ length: 1000 }, (_, i) => shardOf(`r-${i}`)));
    expect(shards.size).toBe(32);
  });

  it('hides pending writes from readers until commit when versioned', async () => {
    const lists = store();
    await lists.create({ listId: 'l1', name: 'L1', source: 'api' });
    const write = await lists.openWrite('l1', 'job-a');
    await write.apply(Array.from({ length: 20 }, (_, i) => ({ op: 'add' as const, member: rid(i) })));
    expect(await allMembers(lists, 'l1')).toEqual([]);
    expect((await lists.get('l1'))?.size).toBe(0);
    expect(await write.commit()).toEqual({ added: 20, removed: 0 });
    expect((await allMembers(lists, 'l1')).length).toBe(20);
    expect((await lists.get('l1'))?.size).toBe(20);

    const second = await lists.openWrite('l1', 'job-b');
    await second.apply([
      { op: 'remove', member: rid(0) },
      { op: 'remove', member: rid(1) },
      { op: 'add', member: rid(100) },
    ]);
    expect((await allMembers(lists, 'l1')).length).toBe(20);
    expect(await second.commit()).toEqual({ added: 1, removed: 2 });
    const after = ids(await allMembers(lists, 'l1'));
    expect(after.length).toBe(19);
    expect(after).toContain('r-100');
    expect(after).not.toContain('r-0');
    expect((await lists.get('l1'))?.size).toBe(19);
    let scanned = 0;
    for (let shard = 0; shard < lists.shardCount; shard++) {
      for await (const batch of lists.scanShard('l1', shard)) scanned += batch.length;
    }
    expect(scanned).toBe(19);
  });

  it('writes only what changed when adds are members and removes are absent', async () => {
    const lists = store();
    await lists.create({ listId: 'l2', name: 'L2', source: 'api' });
    const first = await lists.openWrite('l2', 'job-a');
    await first.apply(Array.from({ length: 50 }, (_, i) => ({ op: 'add' as const, member: rid(i) })));
    await first.commit();
    batchWrites = 0;
    const second = await lists.openWrite('l2', 'job-b');
    await second.apply([
      ...Array.from({ length: 50 }, (_, i) => ({ op: 'add' as const, member: rid(i) })),
      ...Array.from({ length: 30 }, (_, i) => ({ op: 'remove' as const, member: rid(1000 + i) })),
    ]);
    expect(batchWrites).toBe(0);
    expect(await second.commit()).toEqual({ added: 0, removed: 0 });
    expect(batchWrites).toBe(0);
    expect((await lists.get('l2'))?.size).toBe(50);
  });

  it('refuses a second writer and lets it take over when the lease expired', async () => {
    const lists = store(10_000);
    await lists.create({ listId: 'l3', name: 'L3', source: 'api' });
    const crashed = await lists.openWrite('l3', 'job-a');
    await crashed.apply([
      { op: 'add', member: rid(1) },
      { op: 'add', member: rid(2) },
    ]);
    await expect(lists.openWrite('l3', 'job-b')).rejects.toBeInstanceOf(ConflictError);
    clock += 10_001;
    const taker = await lists.openWrite('l3', 'job-b');
    // The abandoned pending adds were rolled back: they never become visible.
    await taker.apply([{ op: 'add', member: rid(3) }]);
    expect(await taker.commit()).toEqual({ added: 1, removed: 0 });
    expect(ids(await allMembers(lists, 'l3'))).toEqual(['r-3']);
    await expect(crashed.commit()).rejects.toBeInstanceOf(ConflictError);
  });

  it('counts exactly once when a run resumes after a crash past its checkpoint', async () => {
    const lists = store();
    await lists.create({ listId: 'l4', name: 'L4', source: 'api' });
    const seed = await lists.openWrite('l4', 'seed');
    await seed.apply([1, 2, 3].map((n) => ({ op: 'add' as const, member: rid(n) })));
    await seed.commit();

    const ops1 = [
      { op: 'add' as const, member: rid(10) },
      { op: 'remove' as const, member: rid(1) },
    ];
    const ops2 = [
      { op: 'add' as const, member: rid(11) },
      { op: 'remove' as const, member: rid(2) },
      { op: 'remove' as const, member: rid(10) },
    ];
    const run = await lists.openWrite('l4', 'job');
    await run.apply(ops1);
    const saved = await run.checkpoint(100);
    await run.apply(ops2); // then the process dies
    const resumed = await lists.openWrite('l4', 'job', saved);
    expect(resumed.pendingVersion).toBe(saved.pendingVersion);
    await resumed.apply(ops2);
    const counts = await resumed.commit();

    const straight = store();
    await straight.create({ listId: 'l5', name: 'L5', source: 'api' });
    const s0 = await straight.openWrite('l5', 'seed');
    await s0.apply([1, 2, 3].map((n) => ({ op: 'add' as const, member: rid(n) })));
    await s0.commit();
    const s1 = await straight.openWrite('l5', 'job');
    await s1.apply(ops1);
    await s1.checkpoint(100);
    await s1.apply(ops2);
    expect(counts).toEqual(await s1.commit());
    expect(counts).toEqual({ added: 1, removed: 2 });
    expect(ids(await allMembers(lists, 'l4'))).toEqual(['r-11', 'r-3']);
    expect((await lists.get('l4'))?.size).toBe(2);
  });

  it('replaces the membership when a full sweep marks unseen members', async () => {
    const lists = store();
    await lists.create({ listId: 'l6', name: 'L6', source: 'aam', segmentId: '6' });
    const seed = await lists.openWrite('l6', 'seed');
    await seed.apply([1, 2, 3, 4].map((n) => ({ op: 'add' as const, member: rid(n) })));
    await seed.commit();
    const full = await lists.openWrite('l6', 'full');
    await full.apply([2, 5].map((n) => ({ op: 'add' as const, member: rid(n) })));
    await full.markSeen(['r-2', 'r-5']);
    await full.sweepUnseen();
    expect(await full.commit({ fullTimestamp: 42 })).toEqual({ added: 1, removed: 3 });
    expect(ids(await allMembers(lists, 'l6'))).toEqual(['r-2', 'r-5']);
    expect(await lists.getStored('l6')).toMatchObject({ size: 2, version: 2, lastFullTimestamp: 42 });
  });

  it('recounts a shared session by the change classes its writers were asked for, one query per shard each', async () => {
    const lists = store();
    await lists.create({ listId: 'l8', name: 'L8', source: 'api' });
    const seed = await lists.openWrite('l8', 'seed');
    await seed.apply([1, 2, 3].map((n) => ({ op: 'add' as const, member: rid(n) })));
    await seed.commit();
    // Two ranges of one drop join one session: one removes r-1, the other adds r-4 and r-5.
    const remover = await lists.openWrite('l8', 'drop', undefined, { join: true });
    const adder = await lists.openWrite('l8', 'drop', undefined, { join: true });
    expect(adder.pendingVersion).toBe(remover.pendingVersion);
    await remover.apply([{ op: 'remove', member: rid(1) }]);
    await adder.apply([4, 5].map((n) => ({ op: 'add' as const, member: rid(n) })));
    const removed = await remover.checkpoint(10);
    const added = await adder.checkpoint(20);
    expect([removed.adds, removed.removes, added.adds, added.removes]).toEqual([
      undefined,
      true,
      true,
      undefined,
    ]);

    // The adds alone: the removed class is not queried (and is zero).
    const addsOnly = await lists.openWrite('l8', 'drop', { ...added, epoch: 0, added: 0, removed: 0 });
    queries = 0;
    await addsOnly.recount();
    expect(queries).toBe(lists.shardCount);
    expect(addsOnly.counts()).toEqual({ added: 2, removed: 0 });

    // Both classes asked for (as the finish of the ranges unites them): both counted exactly.
    const finisher = await lists.openWrite('l8', 'drop', { ...added, removes: true, added: 0, removed: 0 });
    queries = 0;
    await finisher.recount();
    expect(queries).toBe(2 * lists.shardCount);
    expect(await finisher.commit()).toEqual({ added: 2, removed: 1 });
    expect(ids(await allMembers(lists, 'l8'))).toEqual(['r-2', 'r-3', 'r-4', 'r-5']);
    expect((await lists.get('l8'))?.size).toBe(4);
  });

  it('forgets a recipient in every list when the privacy delete runs', async () => {
    const lists = store();
    for (const listId of ['a', 'b', 'c']) {
      await lists.create({ listId, name: listId, source: 'api' });
      const w = await lists.openWrite(listId, 'seed');
      await w.apply([
        { op: 'add', member: rid(listId === 'c' ? 8 : 7) },
        { op: 'add', member: { address: 'x@example.com', channel: 'email' } },
      ]);
      await w.commit();
    }
    expect(await lists.forgetMember({ recipientId: 'r-7' })).toBe(2);
    expect(ids(await allMembers(lists, 'a'))).toEqual(['@email:x@example.com']);
    expect(ids(await allMembers(lists, 'c'))).toEqual(['@email:x@example.com', 'r-8']);
    expect((await lists.get('b'))?.size).toBe(1);
    expect(await lists.forgetMember({ recipientId: 'r-7' })).toBe(0);
  });

  it('keeps a member when one write adds, removes and adds it again', async () => {
    const lists = store();
    await lists.create({ listId: 'l7', name: 'L7', source: 'api' });
    const write = await lists.openWrite('l7', 'job');
    await write.apply([{ op: 'add', member: rid(1) }]);
    await write.apply([{ op: 'remove', member: rid(1) }]);
    await write.apply([{ op: 'add', member: rid(1) }]);
    expect(await write.commit()).toEqual({ added: 1, removed: 0 });
    expect(ids(await allMembers(lists, 'l7'))).toEqual(['r-1']);
    expect((await lists.get('l7'))?.size).toBe(1);
  });

  it('rejects a duplicate listId when created twice', async () => {
    const lists = store();
    await lists.create({ listId: 'dup', name: 'D', source: 'api' });
    await expect(lists.create({ listId: 'dup', name: 'D', source: 'api' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await lists.ensure({ listId: 'dup', name: 'other', source: 'api' })).name).toBe('D');
    expect((await lists.list()).map((l) => l.listId)).toEqual(['dup']);
  });
});
