import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestPortsOf } from '../../functions/ingestPorts.ts';
import { createRuntime, type Runtime } from '../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../local/emulators.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { ingestDrop } from '../../shared/ingest/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../shared/partners/index.ts';
import { createTable } from '../../shared/stores/index.ts';
import { injectFaults } from '../helpers/faultyDynamo.ts';
import { scannedMemberKeys } from '../helpers/scannedMemberKeys.ts';
import { faultRecipientId, seededDrop, seedFaultRecipients } from '../helpers/seededAudience.ts';
import { throttleBatches } from '../helpers/throttleBatches.ts';
import { QueueDispatcher } from '../integration/ingest/QueueDispatcher.ts';

const RECIPIENTS = 1200;

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => faultRecipientId(from + i)).sort();

describe('ingest under DynamoDB throttling and unprocessed items', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let env: Record<string, string>;
  const runtimes: Runtime[] = [];
  const runtime = () => {
    const rt = createRuntime({ config: loadConfig(env), dispatcher: new QueueDispatcher() });
    runtimes.push(rt);
    return rt;
  };
  const put = (rt: Runtime, key: string, body: Buffer) =>
    rt.clients.s3.send(new PutObjectCommand({ Bucket: 'throttled', Key: key, Body: body }));

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
    env = {
      AB_S3_ENDPOINT: s3.endpoint,
      AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
      AB_TABLE: 'throttled',
      AB_BUCKET: 'throttled',
      AB_CHECKPOINT_LINES: '500',
      LOG_LEVEL: 'SILENT',
    };
    const rt = runtime();
    await createTable(rt.clients.ddb, 'throttled');
    await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await rt.clients.s3.send(new CreateBucketCommand({ Bucket: 'throttled' }));
    await seedFaultRecipients(rt, RECIPIENTS);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    for (const rt of runtimes) {
      rt.clients.s3.destroy();
      rt.clients.ddb.destroy();
    }
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  it('lands every membership exactly once when batch calls are throttled or partly unprocessed within the bound', async () => {
    const drop = seededDrop({ rows: RECIPIENTS, seed: 7, segment: 8101 });
    const rt = runtime();
    await put(rt, drop.key, drop.body);
    const faults = injectFaults(rt.clients.ddb, { unprocessedWrites: 12, unprocessedReads: 12 });
    const throttle = throttleBatches(rt.clients.ddb, 6);

    expect(await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key: drop.key })).toBe('succeeded');

    expect(throttle.throttled).toBe(6);
    expect(faults.batchWrites).toBeGreaterThan(12);
    expect(faults.batchGets).toBeGreaterThan(12);
    const job = await rt.jobs.get(`ingest:${drop.key}`);
    expect(job?.status).toBe('succeeded');
    expect(job?.attempts).toBe(1);
    expect(job?.receipt).toMatchObject({
      linesRead: RECIPIENTS,
      recordsProcessed: RECIPIENTS,
      membershipsAdded: RECIPIENTS,
      membershipsRemoved: 0,
      unmatchedIds: 0,
    });
    expect((await rt.lists.get(drop.listId))?.size).toBe(RECIPIENTS);
    expect(await scannedMemberKeys(rt.lists, drop.listId)).toEqual(drop.members);
  });

  it('fails the job with a DynamoDB throttling reason and leaves the old list visible when throttling never ends', async () => {
    const listId = 'aam.8102';
    const first = seededDrop({ rows: 400, seed: 1, segment: 8102, timestampMs: 1700000000000 });
    const clean = runtime();
    await put(clean, first.key, first.body);
    expect(await ingestDrop(ingestPortsOf(clean), { kind: 'drop', key: first.key })).toBe('succeeded');
    const before = await clean.lists.get(listId);
    expect(before?.size).toBe(400);

    // The second drop adds 1..1200: it writes part of its change, then every batch call throttles.
    const second = seededDrop({ rows: RECIPIENTS, seed: 2, segment: 8102, timestampMs: 1700000001000 });
    const jobId = `ingest:${second.key}`;
    await put(clean, second.key, second.body);
    vi.spyOn(Math, 'random').mockReturnValue(0); // backoff sleeps of 0 ms: the bound, not the wait, is tested
    const faulty = runtime();
    const throttle = throttleBatches(faulty.clients.ddb, 'always', { passFirst: 6 });

    // SQS redelivers the message until the job gives up (MAX_INGEST_ATTEMPTS), each attempt bounded.
    const outcomes: string[] = [];
    for (let delivery = 1; delivery <= 10; delivery++) {
      const outcome = await ingestDrop(ingestPortsOf(faulty), { kind: 'drop', key: second.key }).catch(
        (error: Error) => `threw ${error.name}`,
      );
      outcomes.push(outcome);
      if (outcome === 'failed' || outcome === 'ignored') break;
    }
    expect(outcomes).toEqual([...Array(8).fill('threw DependencyError'), 'failed']);
    expect(throttle.throttled).toBeGreaterThan(0);

    const job = await clean.jobs.get(jobId);
    expect(job?.status).toBe('failed');
    expect(job?.error?.code).toBe('dependency_failed');
    expect(job?.error?.message).toMatch(/DynamoDB/);
    expect(job?.error?.message).toMatch(/throttled/);

    const after = await clean.lists.get(listId);
    expect(after?.size).toBe(400);
    expect(after).toEqual(before);
    expect(await scannedMemberKeys(clean.lists, listId)).toEqual(range(1, 400));
  });
});
