import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningS3, startS3 } from '../../../local/index.ts';
import { createLinksClient } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { S3ObjectLinks } from '../../../shared/objects/index.ts';

describe('S3ObjectLinks', () => {
  let s3rver: RunningS3;
  let s3: S3Client;
  let links: S3ObjectLinks;
  const MiB = 1024 ** 2;

  beforeAll(async () => {
    s3rver = await startS3({ port: 0 });
    s3 = createLinksClient(loadConfig({ AB_S3_ENDPOINT: s3rver.endpoint }));
    await s3.send(new CreateBucketCommand({ Bucket: 'links' }));
    links = new S3ObjectLinks(s3, 'links', { singleUploadBytes: 6 * MiB, minPartBytes: 5 * MiB });
  });

  afterAll(async () => {
    s3.destroy();
    await s3rver.stop();
  });

  const read = async (key: string) =>
    Buffer.from(
      (await (
        await s3.send(new GetObjectCommand({ Bucket: 'links', Key: key }))
      ).Body?.transformToByteArray()) ?? [],
    );

  it('uploads the exact bytes through one presigned PUT that carries no checksum of an empty body', async () => {
    const plan = await links.uploadPlan('inbound/a b.sync', 11, 300);
    expect('url' in plan).toBe(true);
    if (!('url' in plan)) return;
    expect(plan.url).toContain('X-Amz-Expires=300');
    expect(plan.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
    const res = await fetch(plan.url, { method: 'PUT', body: 'hello world' });
    expect(res.status).toBe(200);
    expect((await read('inbound/a b.sync')).toString()).toBe('hello world');
    expect(await links.sizeOf('inbound/a b.sync')).toBe(11);
  });

  it('plans a multipart upload past the single-upload size and the parts complete into the same bytes', async () => {
    const body = Buffer.alloc(12 * MiB, 7);
    body.write('first', 0);
    body.write('last', body.length - 4);
    const plan = await links.uploadPlan('inbound/big.sync', body.length, 300);
    expect('parts' in plan).toBe(true);
    if (!('parts' in plan)) return;
    expect(plan.partSize).toBe(5 * MiB);
    expect(plan.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    const etags: string[] = [];
    for (const part of plan.parts) {
      const start = (part.partNumber - 1) * plan.partSize;
      const res = await fetch(part.url, { method: 'PUT', body: body.subarray(start, start + plan.partSize) });
      etags.push(res.headers.get('etag') ?? '');
    }
    const xml = `<CompleteMultipartUpload>${etags
      .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`)
      .join('')}</CompleteMultipartUpload>`;
    expect((await fetch(plan.completeUrl, { method: 'POST', body: xml })).status).toBe(200);
    expect((await read('inbound/big.sync')).equals(body)).toBe(true);
  });

  it('presigns an AWS PUT (no local endpoint) without the CRC32 of an empty body that S3 would hold the upload to', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const aws = createLinksClient(loadConfig({ AWS_REGION: 'eu-west-1', AB_BUCKET: 'ab-bucket' }));
    try {
      const plan = await new S3ObjectLinks(aws, 'ab-bucket').uploadPlan('inbound/a.sync', 10, 300);
      expect('url' in plan && new URL(plan.url).host).toBe('ab-bucket.s3.eu-west-1.amazonaws.com');
      expect('url' in plan && plan.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
    } finally {
      aws.destroy();
      vi.unstubAllEnvs();
    }
  });

  it('answers no size for a missing object and a download link that reads it back', async () => {
    expect(await links.sizeOf('rejected/none.tsv')).toBeUndefined();
    const url = await links.downloadUrl('inbound/a b.sync', 60);
    expect(url).toContain('X-Amz-Expires=60');
    expect(await (await fetch(url)).text()).toBe('hello world');
  });
});
