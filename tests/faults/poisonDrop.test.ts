import { GetObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../local/index.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';
import { faultRecipientId, seededDrop, seedFaultRecipients } from '../helpers/seededAudience.ts';

type Send = TestStack['runtime']['clients']['s3']['send'];

/** Gzip whose header and first blocks are fine and whose middle is garbage: fails part-way through. */
function corruptMidFile(gzipped: Buffer): Buffer {
  const broken = Buffer.from(gzipped);
  const from = Math.floor(broken.length / 2);
  for (let i = from; i < Math.min(broken.length - 8, from + 64); i++) broken[i] = 0xff ^ (broken[i] ?? 0);
  return broken;
}

describe('poison drops', () => {
  let stack: TestStack;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    // Batches of 500 lines: the drop that breaks mid-file has written some before the break.
    stack = await startTestStack({
      env: { ...process.env, LOG_LEVEL: 'SILENT', AB_INGEST_BATCH_LINES: '500' },
    });
    stack.dispatcher.on('settled', (delivery: Delivery) => deliveries.push(delivery));
    await seedFaultRecipients(stack.runtime, 300);
  });
  afterAll(() => stack.stop());

  it('dead-letters an unreadable drop after the redelivery bound with a reason, and lands the next drop', async () => {
    const poison = seededDrop({ rows: 100, seed: 3, segment: 9101, timestampMs: 1700000000000 });
    const next = seededDrop({ rows: 300, seed: 4, segment: 9101, timestampMs: 1700000005000 });
    // The object exists but every GetObject is refused, as for an object under a KMS key the function may not use.
    const s3 = stack.runtime.clients.s3;
    const send = s3.send.bind(s3) as (command: unknown) => Promise<unknown>;
    (s3 as { send: Send }).send = (async (command: unknown) => {
      if (command instanceof GetObjectCommand && command.input.Key === poison.key)
        throw new S3ServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
        });
      return send(command);
    }) as Send;

    await stack.drop(poison.key, poison.body);
    const failed = await stack.waitForJob(`ingest:${poison.key}`, { timeoutMs: 15_000 });
    await stack.drop(next.key, next.body);
    const landed = await stack.waitForJob(`ingest:${next.key}`, { timeoutMs: 15_000 });

    await stack.dispatcher.idle();
    // The key has no character S3 encodes in notifications: it appears as is in every body.
    const poisonDeliveries = deliveries.filter((d) => d.body.includes(poison.key));
    expect(poisonDeliveries.map((d) => d.outcome)).toEqual([...Array(5).fill('retry'), 'dead-letter']);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('dependency_failed');
    expect(failed.error?.message).toBe(
      'the ingest worker failed 6 times; the message was dead-lettered; last failure: a dependency failed (AccessDenied)',
    );

    expect(landed.status).toBe('succeeded');
    expect(landed.attempts).toBe(1);
    expect(landed.receipt).toMatchObject({ linesRead: 300, membershipsAdded: 300, membershipsRemoved: 0 });
    const list = await stack.runtime.lists.get('aam.9101');
    expect(list?.size).toBe(300);
    const page = await stack.runtime.lists.members('aam.9101', { limit: 1000 });
    expect(page.members.map((m) => m.recipientId).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => faultRecipientId(i + 1)).sort(),
    );
  });

  it('fails a drop whose gzip breaks mid-file on its first attempt, with the line it reached, and applies none of it', async () => {
    // 4,000 rows; the first 300 reconcile, so batches before the break write pending members.
    const drop = seededDrop({ rows: 4000, seed: 5, segment: 9102, timestampMs: 1700000000001 });
    const settledBefore = deliveries.length;
    await stack.drop(drop.key, corruptMidFile(drop.body));
    const failed = await stack.waitForJob(`ingest:${drop.key}`, { timeoutMs: 15_000 });

    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error?.code).toBe('format_error');
    expect(failed.error?.message).toMatch(/^gzip: corrupt compressed data after line \d+$/);
    const reached = Number(/line (\d+)/.exec(failed.error?.message ?? '')?.[1]);
    expect(reached).toBeGreaterThan(500);
    expect(reached).toBeLessThan(4000);
    await stack.dispatcher.idle();
    expect(deliveries.slice(settledBefore).map((d) => d.outcome)).toEqual(['ok']);
    // Nothing of it is visible, and the list is free for the next writer.
    expect((await stack.runtime.lists.get('aam.9102'))?.size ?? 0).toBe(0);
    const write = await stack.runtime.lists.openWrite('aam.9102', 'test:after-poison');
    await write.abort();
  });
});
