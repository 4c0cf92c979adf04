import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../local/emulators.ts';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { ConflictError } from '../../shared/errors/index.ts';
import { DynamoLeaseStore } from '../../shared/leases/index.ts';
import { DynamoListStore, type ListWrite, type MemberOp } from '../../shared/lists/index.ts';
import { createTable } from '../../shared/stores/index.ts';
import { beforeDynamoCalls } from '../helpers/dynamoHooks.ts';
import { scannedMemberKeys } from '../helpers/scannedMemberKeys.ts';

// Long in real time: the stalled holder must not notice (it renews once a third of this passed).
const TTL = 600_000;
const add = (n: number): MemberOp => ({ op: 'add', member: { recipientId: `r-${n}` } });
const remove = (n: number): MemberOp => ({ op: 'remove', member: { recipientId: `r-${n}` } });
const keys = (...ns: number[]) => ns.map((n) => `r-${n}`).sort();

/**
 * A writer that lost its lease (stalled past its expiry: a long GC pause, a frozen container)
 * while the next holder took the list over. Its own clock never saw the expiry, so it goes on
 * writing: the races are made exact by holding the old holder's request at the emulator until the
 * new holder has done its part (a gate in the client's middleware, no stub: dynalite answers).
 */
describe('list writer fencing', () => {
  let dynamo: RunningDynamo;
  let clients: ReturnType<typeof createClients>;
  let clock = 1_000_000;
  let table = 'fence-0';
  let tableNo = 0;
  /** Requests matching `when` wait until `action` (run once, by the first of them) is done. */
  let gate: { when: (operation: string, input: string) => boolean; action: () => Promise<void> } | undefined;
  let opened: Promise<void> | undefined;

  const store = () =>
    new DynamoListStore(clients.ddb, table, new DynamoLeaseStore(clients.ddb, table, () => clock), {
      now: () => new Date(clock),
      leaseTtlMs: TTL,
    });

  async function seeded(lists: DynamoListStore, listId: string): Promise<void> {
    await lists.create({ listId, name: listId, source: 'api' });
    const seed = await lists.openWrite(listId, 'seed');
    await seed.apply([add(1), add(2), add(3)]);
    await seed.commit();
  }

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    clients = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint }));
    beforeDynamoCalls(clients.ddb, async (operation, input) => {
      const armed = gate;
      if (armed?.when(operation, JSON.stringify(input))) {
        opened ??= armed.action();
        await opened;
      }
    });
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  beforeEach(async () => {
    table = `fence-${++tableNo}`;
    await createTable(clients.ddb, table);
    gate = undefined;
    opened = undefined;
  });

  it('refuses the late commit of a holder whose lease was taken over before its commit point', async () => {
    const lists = store();
    await seeded(lists, 'l1');
    const old = await lists.openWrite('l1', 'job-old');
    await old.apply([add(10), remove(1)]);
    let taker: ListWrite | undefined;
    // The old holder renewed its lease in `commit`, then stalled past its expiry right before the
    // commit point; the next holder takes the list over in that instant.
    gate = {
      when: (operation, input) => operation === 'UpdateItem' && input.includes('SET #version'),
      action: async () => {
        gate = undefined;
        clock += TTL + 1;
        taker = await lists.openWrite('l1', 'job-new');
      },
    };
    await expect(old.commit()).rejects.toBeInstanceOf(ConflictError);
    expect(await lists.getStored('l1')).toMatchObject({ version: 1, size: 3 });
    expect(await scannedMemberKeys(lists, 'l1')).toEqual(keys(1, 2, 3));

    // Its member writes cannot be refused (BatchWriteItem has no condition): a late one lands…
    await old.apply([add(11), remove(2)]);
    if (!taker) throw new Error('the next holder never opened');
    await taker.apply([add(20)]);
    expect(await taker.commit()).toEqual({ added: 1, removed: 0 });
    // …but its version is abandoned: readers and the next holder's commit ignore it.
    const list = await lists.getStored('l1');
    expect([list?.version, list?.size, [...(list?.abandoned ?? [])]]).toEqual([
      taker.pendingVersion,
      4,
      [old.pendingVersion],
    ]);
    expect(taker.pendingVersion).toBeGreaterThan(old.pendingVersion);
    expect(await scannedMemberKeys(lists, 'l1')).toEqual(keys(1, 2, 3, 20));
  });

  it("keeps the next holder's items when the old holder rolls back late", async () => {
    const lists = store();
    await seeded(lists, 'l2');
    const old = await lists.openWrite('l2', 'job-old');
    await old.apply([add(10), remove(1)]);
    clock += TTL + 1;
    const taker = await lists.openWrite('l2', 'job-new');
    await old.apply([add(11), remove(2)]); // late writes of the stalled holder land
    await taker.apply([add(10), remove(1), add(20)]);
    // The old holder gives up: its rollback finds its late items; before its undos land, the new
    // holder writes the same two members.
    gate = {
      when: (_command, input) => input.includes('#from = :p') || input.includes('#until = :p'),
      action: async () => {
        await taker.apply([add(11), remove(2)]);
      },
    };
    await old.abort();
    expect(opened).toBeDefined();
    expect(await taker.commit()).toEqual({ added: 3, removed: 2 });
    expect(await scannedMemberKeys(lists, 'l2')).toEqual(keys(3, 10, 11, 20));
    expect(await lists.getStored('l2')).toMatchObject({ version: taker.pendingVersion, size: 4 });
  });
});
