import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestPortsOf } from '../../functions/ingestPorts.ts';
import type { Runtime } from '../../functions/runtime.ts';
import type { IngestCheckpoint } from '../../shared/ingest/IngestCheckpoint.ts';
import { type ChildStack, runtimeFor, spawnStack } from '../helpers/childStack.ts';
import { scannedMemberKeys } from '../helpers/scannedMemberKeys.ts';
import { seededDrop, seedFaultRecipients } from '../helpers/seededAudience.ts';
import { finished, waitFor } from '../helpers/waitFor.ts';

/** The size; `AB_FAULT_ROWS` lowers it for a quick local loop (never in CI). */
const ROWS = Number(process.env.AB_FAULT_ROWS ?? 100_000);
const CHECKPOINT_LINES = String(Math.max(1000, Math.floor(ROWS / 10)));
const ENV = { AB_CHECKPOINT_LINES: CHECKPOINT_LINES };

describe('crash resume of a drop (SIGKILL of the local stack)', () => {
  const homes: string[] = [];
  const stacks: ChildStack[] = [];
  const runtimes: Runtime[] = [];
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-crash-'));
    homes.push(dir);
    return dir;
  };
  const spawn = async (...args: Parameters<typeof spawnStack>) => {
    const stack = await spawnStack(...args);
    stacks.push(stack);
    return stack;
  };
  const connect = (stack: ChildStack, dir: string) => {
    const runtime = runtimeFor(stack, dir);
    runtimes.push(runtime);
    return runtime;
  };

  /**
   * Seeds once, then copies the stopped home so the uninterrupted reference run starts from the same
   * state; starts both stacks (the crashing one with `crashEnv`, on the seeding's ports) and drops
   * `drop` into each.
   */
  const twinStacks = async (drop: ReturnType<typeof seededDrop>, crashEnv: Record<string, string>) => {
    const crashHome = home();
    const seeding = await spawn({ home: crashHome, env: crashEnv });
    await seedFaultRecipients(connect(seeding, crashHome), ROWS);
    await seeding.stop();
    const referenceHome = home();
    cpSync(crashHome, referenceHome, { recursive: true });
    const [crashing, reference] = await Promise.all([
      spawn({ home: crashHome, env: crashEnv, ports: seeding.ports }),
      spawn({ home: referenceHome, env: ENV }),
    ]);
    const crashRt = connect(crashing, crashHome);
    const referenceRt = connect(reference, referenceHome);
    for (const [stack, runtime] of [
      [crashing, crashRt],
      [reference, referenceRt],
    ] as const) {
      await runtime.clients.s3.send(
        new PutObjectCommand({ Bucket: stack.bucket, Key: drop.key, Body: drop.body }),
      );
    }
    return { crashHome, crashing, crashRt, referenceRt };
  };

  afterAll(async () => {
    for (const runtime of runtimes) {
      runtime.clients.s3.destroy();
      runtime.clients.ddb.destroy();
    }
    await Promise.all(stacks.map((stack) => stack.kill()));
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  });

  it(`ends with exactly the list and receipt of an uninterrupted run when killed mid-drop (${ROWS} rows)`, async () => {
    const drop = seededDrop({ rows: ROWS, seed: 20_260_901, segment: 7001 });
    const jobId = `ingest:${drop.key}`;

    const { crashHome, crashing, crashRt, referenceRt } = await twinStacks(drop, ENV);

    // Kill as soon as a checkpoint is saved: the job is mid-way, with writes after the checkpoint.
    const atKill = await waitFor('a checkpoint', 120_000, async () => {
      const job = await crashRt.jobs.get(jobId);
      const done = (job?.checkpoint as IngestCheckpoint | undefined)?.linesDone ?? 0;
      return done > 0 ? job : undefined;
    });
    await crashing.kill();
    const linesDone = (atKill.checkpoint as IngestCheckpoint | undefined)?.linesDone ?? 0;
    expect(atKill.status).toBe('running');
    expect(linesDone).toBeGreaterThan(0);
    expect(linesDone).toBeLessThan(ROWS);

    const restarted = await spawn({ home: crashHome, env: ENV, ports: crashing.ports });
    const [resumed, uninterrupted] = await Promise.all([
      finished(crashRt, jobId, 400_000),
      finished(referenceRt, jobId, 400_000),
    ]);
    expect(restarted.apiUrl).toBe(crashing.apiUrl);
    expect(resumed.status).toBe('succeeded');
    expect(uninterrupted.status).toBe('succeeded');
    expect(resumed.attempts).toBeGreaterThanOrEqual(2);
    expect(uninterrupted.attempts).toBe(1);

    expect(resumed.receipt).toEqual(uninterrupted.receipt);
    expect(resumed.receipt).toMatchObject({
      linesRead: ROWS,
      recordsProcessed: ROWS,
      membershipsAdded: ROWS,
      membershipsRemoved: 0,
      unmatchedIds: 0,
      formatErrors: 0,
      invalidIds: 0,
      duplicate: false,
    });
    expect((await crashRt.lists.get(drop.listId))?.size).toBe(ROWS);
    const members = await scannedMemberKeys(crashRt.lists, drop.listId);
    expect(members).toHaveLength(ROWS);
    expect(members).toEqual(drop.members);
  }, 600_000);

  // A gzip drop's ranges are of its decompressed bytes: each range reads the object from its start.
  it.each([
    { kind: 'plain', seed: 20_260_902, segment: 7002 },
    { kind: 'gzip', seed: 20_260_903, segment: 7003 },
  ])(
    `resumes a $kind drop cut into 8 ranges, killed mid-range, to the receipt and list of the drop read whole (${ROWS} rows)`,
    async ({ kind, seed, segment }) => {
      const drop = seededDrop({ rows: ROWS, seed, segment, plain: kind === 'plain' });
      const jobId = `ingest:${drop.key}`;
      const text = kind === 'plain' ? drop.body : gunzipSync(drop.body);
      const ranged = { ...ENV, AB_INGEST_RANGE_BYTES: String(Math.ceil(text.length / 8)) };
      const { crashHome, crashing, crashRt, referenceRt } = await twinStacks(drop, ranged);
      // Kill as soon as one range saved a checkpoint: that range is mid-way, others may be too.
      const { ranges } = ingestPortsOf(crashRt).ledger;
      const plan = await waitFor('a range checkpoint', 120_000, async () => {
        const cut = (await crashRt.jobs.get(jobId))?.ranges;
        if (!cut) return undefined;
        for (let r = 0; r < cut.ranges.length; r++)
          if (((await ranges.checkpoint(jobId, cut.id, r))?.linesDone ?? 0) > 0) return cut;
        return undefined;
      });
      await crashing.kill();
      expect(plan.ranges).toHaveLength(8);
      expect(plan.gzip).toBe(kind === 'gzip' ? true : undefined);

      await spawn({ home: crashHome, env: ranged, ports: crashing.ports });
      const [resumed, uninterrupted] = await Promise.all([
        finished(crashRt, jobId, 400_000),
        finished(referenceRt, jobId, 400_000),
      ]);
      expect(resumed.status).toBe('succeeded');
      expect(uninterrupted.ranges).toBeUndefined();
      expect(resumed.ranges?.id).toBe(plan.id); // the same cut carried on: no range started over elsewhere
      expect(resumed.receipt).toEqual(uninterrupted.receipt);
      expect(resumed.receipt).toMatchObject({
        linesRead: ROWS,
        membershipsAdded: ROWS,
        membershipsRemoved: 0,
      });
      expect((await crashRt.lists.get(drop.listId))?.size).toBe(ROWS);
      expect(await scannedMemberKeys(crashRt.lists, drop.listId)).toEqual(drop.members);
    },
    600_000,
  );
});
