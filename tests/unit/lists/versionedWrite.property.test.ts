import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../../local/emulators.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { DynamoLeaseStore } from '../../../shared/leases/index.ts';
import { DynamoListStore, type MemberOp } from '../../../shared/lists/index.ts';
import { createTable } from '../../../shared/stores/index.ts';

const opArb = fc.record({
  op: fc.constantFrom('add' as const, 'remove' as const),
  id: fc.integer({ min: 0, max: 7 }),
});
const jobArb = fc.record({
  batches: fc.array(fc.array(opArb, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
  /** Checkpoint after batch i when bit i is set. */
  checkpoints: fc.integer({ min: 0, max: 15 }),
  /** Crash after this batch's writes (then resume from the last checkpoint); ≥ length: no crash. */
  crashAfter: fc.integer({ min: 0, max: 5 }),
});

const toOps = (batch: Array<{ op: 'add' | 'remove'; id: number }>): MemberOp[] =>
  batch.map(({ op, id }) => ({ op, member: { recipientId: `m${id}` } }));

describe('DynamoListWrite (property)', () => {
  let dynamo: RunningDynamo;
  let lists: DynamoListStore;
  let run = 0;

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    const { ddb } = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint }));
    await createTable(ddb, 'prop');
    lists = new DynamoListStore(ddb, 'prop', new DynamoLeaseStore(ddb, 'prop'));
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('matches a set model with exact counts when writes crash and resume anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jobArb, { minLength: 1, maxLength: 2 }), async (jobs) => {
        const listId = `p${++run}`;
        await lists.create({ listId, name: listId, source: 'api' });
        let model = new Set<string>();
        for (const [j, job] of jobs.entries()) {
          const holder = `job-${j}`;
          const next = new Set(model);
          for (const batch of job.batches) {
            for (const { op, id } of batch) {
              if (op === 'add') next.add(`m${id}`);
              else next.delete(`m${id}`);
            }
          }
          let write = await lists.openWrite(listId, holder);
          let saved = await write.checkpoint(0);
          let resumeFrom = 0;
          for (let i = 0; i < job.batches.length; i++) {
            await write.apply(toOps(job.batches[i] ?? []));
            if (i === job.crashAfter) {
              // The process dies: a new run resumes from the last checkpoint and replays the rest.
              write = await lists.openWrite(listId, holder, saved);
              for (let k = resumeFrom; k <= i; k++) await write.apply(toOps(job.batches[k] ?? []));
            }
            if (job.checkpoints & (1 << i)) {
              saved = await write.checkpoint(i + 1);
              resumeFrom = i + 1;
            }
          }
          const counts = await write.commit();
          const added = [...next].filter((m) => !model.has(m)).length;
          const removed = [...model].filter((m) => !next.has(m)).length;
          expect(counts).toEqual({ added, removed });
          model = next;
          const page = await lists.members(listId, { limit: 100 });
          expect(page.members.map((m) => m.recipientId).sort()).toEqual([...model].sort());
          expect((await lists.get(listId))?.size).toBe(model.size);
        }
      }),
      { numRuns: 25 },
    );
  });
});
