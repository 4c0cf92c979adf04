import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { DynamoJobStore, emptyReceipt } from '../../../shared/jobs/index.ts';
import { createTable } from '../../../shared/stores/index.ts';

describe('emulators', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  it('pages a ListObjectsV2 past 1,000 keys when OpenSSL 3 lacks DES', async () => {
    const clients = createClients(
      loadConfig({ AB_S3_ENDPOINT: s3.endpoint, AB_DYNAMODB_ENDPOINT: dynamo.endpoint }),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'paging' }));
    const keys = Array.from({ length: 5 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map((Key) => clients.s3.send(new PutObjectCommand({ Bucket: 'paging', Key, Body: 'x' }))),
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: 'paging', MaxKeys: 2, ContinuationToken: token }),
      );
      seen.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    expect(seen).toEqual(keys);
  });

  it('stores and lists jobs in dynalite through the GSI', async () => {
    const clients = createClients(
      loadConfig({ AB_S3_ENDPOINT: s3.endpoint, AB_DYNAMODB_ENDPOINT: dynamo.endpoint }),
    );
    await createTable(clients.ddb, 'jobs-test');
    const jobs = new DynamoJobStore(clients.ddb, 'jobs-test');
    const base = {
      type: 'ingest' as const,
      receipt: emptyReceipt(),
      attempts: 0,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await jobs.put({ ...base, jobId: 'ingest:a', status: 'queued', createdAt: '2026-01-01T00:00:00.000Z' });
    await jobs.put({
      ...base,
      jobId: 'ingest:b',
      status: 'succeeded',
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    expect((await jobs.list({ type: 'ingest', limit: 10 })).jobs.map((j) => j.jobId)).toEqual([
      'ingest:b',
      'ingest:a',
    ]);
    expect((await jobs.listUnfinished()).map((j) => j.jobId)).toEqual(['ingest:a']);
    expect((await jobs.transition('ingest:a', ['queued'], { status: 'running' }))?.status).toBe('running');
    expect(await jobs.transition('ingest:a', ['queued'], { status: 'running' })).toBeUndefined();
  });
});
