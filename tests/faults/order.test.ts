import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../local/index.ts';
import { aamOutboundName, aamOutboundRow, fileBody } from '../helpers/dropFiles.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';
import { FAULT_DPID, faultRecipientId, seedFaultRecipients } from '../helpers/seededAudience.ts';

const SEGMENT = 9301;
const LIST = `aam.${SEGMENT}`;
const key = (kind: 'iter' | 'full', timestampMs: number) =>
  `inbound/${aamOutboundName({ kind, timestampMs, masterDpid: FAULT_DPID })}`;
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const adds = (numbers: number[]) => numbers.map((n) => aamOutboundRow(faultRecipientId(n), [SEGMENT]));
const removes = (numbers: number[]) => numbers.map((n) => aamOutboundRow(faultRecipientId(n), [], [SEGMENT]));

/** Four drops for one segment; their keys sort `full` before `iter`, not by timestamp. */
const DROPS = [
  { key: key('iter', 1_700_000_001_000), lines: adds(ids(1, 20)) },
  { key: key('iter', 1_700_000_002_000), lines: removes(ids(1, 10)) },
  { key: key('full', 1_700_000_003_000), lines: adds(ids(5, 30)) },
  { key: key('iter', 1_700_000_004_000), lines: [...removes(ids(25, 30)), ...adds([31])] },
];

async function members(stack: TestStack): Promise<string[]> {
  const page = await stack.runtime.lists.members(LIST, { limit: 1000 });
  return page.members.map((m) => m.recipientId ?? '').sort();
}

describe('drop order', () => {
  let stack: TestStack;
  const settled: Delivery[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ env: { ...process.env, LOG_LEVEL: 'SILENT' } });
    stack.dispatcher.on('settled', (delivery: Delivery) => settled.push(delivery));
    await seedFaultRecipients(stack.runtime, 40);
  });
  afterAll(() => stack.stop());

  it('applies drops of one segment found by one sweep in their name-timestamp order, not their listing order', async () => {
    // Lose the S3 notifications while the drops arrive: the queue refuses their S3 event bodies.
    const send = stack.dispatcher.send.bind(stack.dispatcher);
    stack.dispatcher.send = (worker, body) => {
      if (!body.includes('"Records"')) send(worker, body);
    };
    for (const drop of DROPS) await stack.drop(drop.key, fileBody(drop.lines));
    stack.dispatcher.send = send;
    await stack.dispatcher.idle();
    expect(settled).toHaveLength(0);

    for (let sweep = 0; sweep < DROPS.length + 2; sweep++) {
      await stack.fireSchedule();
      await stack.dispatcher.idle();
    }

    const applied = settled.filter((d) => d.outcome === 'ok').map((d) => JSON.parse(d.body).key);
    expect(applied).toEqual(DROPS.map((d) => d.key));
    for (const drop of DROPS)
      expect((await stack.runtime.jobs.get(`ingest:${drop.key}`))?.status).toBe('succeeded');
    // 1..20, minus 1..10, replaced by 5..30, minus 25..30 plus 31.
    expect(await members(stack)).toEqual([...ids(5, 24), 31].map(faultRecipientId).sort());
    expect((await stack.runtime.lists.get(LIST))?.size).toBe(21);
    const full = await stack.runtime.jobs.get(`ingest:${DROPS[2]?.key}`);
    expect(full?.receipt).toMatchObject({ membershipsAdded: 16, membershipsRemoved: 0 });
  });

  it('skips a late older full drop as stale and leaves the list as it was', async () => {
    const late = key('full', 1_700_000_002_500);
    const before = await stack.runtime.lists.get(LIST);
    await stack.drop(late, fileBody(adds(ids(1, 3))));
    const job = await stack.waitForJob(`ingest:${late}`);
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({
      skipped: 'stale',
      linesRead: 3,
      membershipsAdded: 0,
      membershipsRemoved: 0,
    });
    expect(await stack.runtime.lists.get(LIST)).toEqual(before);
    expect(await members(stack)).toEqual([...ids(5, 24), 31].map(faultRecipientId).sort());
  });
});
