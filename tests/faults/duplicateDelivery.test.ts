import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../local/index.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';
import { scannedMemberKeys } from '../helpers/scannedMemberKeys.ts';
import { seededDrop, seedFaultRecipients } from '../helpers/seededAudience.ts';

describe('duplicate delivery of one drop', () => {
  let stack: TestStack;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ env: { ...process.env, LOG_LEVEL: 'SILENT' } });
    stack.dispatcher.on('delivery', (delivery: Delivery) => deliveries.push(delivery));
    await seedFaultRecipients(stack.runtime, 3000);
  });
  afterAll(() => stack.stop());

  it('applies a drop exactly once when its notification is delivered twice at the same time', async () => {
    const drop = seededDrop({ rows: 3000, seed: 9, segment: 9601 });
    await stack.drop(drop.key, drop.body);
    // SQS delivers at least once: the same S3 notification again, while the first is being processed.
    const first = await new Promise<Delivery>((resolve) => {
      const found = deliveries.find((d) => d.body.includes(drop.key));
      if (found) resolve(found);
      else stack.dispatcher.once('delivery', resolve);
    });
    stack.dispatcher.send('ingest', first.body);
    await stack.dispatcher.idle();

    const job = await stack.waitForJob(`ingest:${drop.key}`);
    // Both deliveries were handled; the second found the job running and was handed back for later,
    // marked, then left the applied job alone (no `duplicate` receipt over the real one).
    expect(deliveries.filter((d) => d.body === first.body)).toHaveLength(2);
    const handedBack = deliveries.filter((d) => d.body.includes('"redelivered":true'));
    expect(handedBack.length).toBeGreaterThanOrEqual(1);
    expect(handedBack.every((d) => d.outcome === 'ok')).toBe(true);
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({
      linesRead: 3000,
      recordsProcessed: 3000,
      membershipsAdded: 3000,
      membershipsRemoved: 0,
      duplicate: false,
    });
    expect((await stack.runtime.lists.get(drop.listId))?.size).toBe(3000);
    expect(await scannedMemberKeys(stack.runtime.lists, drop.listId)).toEqual(drop.members);
  });
});
