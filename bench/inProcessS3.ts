import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NoSuchKey, NotFound, S3Client } from '@aws-sdk/client-s3';
import { UnsupportedExpressionError } from './dynamo/expression.ts';

type Input = {
  Key?: string;
  Range?: string;
  Body?: unknown;
  UploadId?: string;
  PartNumber?: number;
  CopySource?: string;
  Prefix?: string;
  Delete?: { Objects?: Array<{ Key?: string }> };
};

/**
 * An in-process S3 stand-in for the ingest-core run: GetObject streams a generated drop straight
 * from disk; PutObject and multipart uploads (receipts, rejected lines) are drained and counted,
 * only their byte counts kept. It is a real `S3Client` whose `send` is replaced, so
 * `@aws-sdk/lib-storage` `Upload` works on it unchanged. Unknown commands throw.
 *
 * @example
 * const s3 = inProcessS3({ 'inbound/a.sync.gz': 'bench/data/a.sync.gz' });
 */
export function inProcessS3(files: Record<string, string>): {
  client: S3Client;
  written: Map<string, number>;
  requests: Record<string, number>;
} {
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const written = new Map<string, number>();
  const requests: Record<string, number> = {};
  const uploads = new Map<string, { key: string; bytes: number }>();
  let nextUpload = 0;
  const drain = async (body: unknown): Promise<number> => {
    if (body === undefined || body === null) return 0;
    if (typeof body === 'string') return Buffer.byteLength(body);
    if (body instanceof Uint8Array) return body.byteLength;
    let bytes = 0;
    for await (const chunk of body as Readable) bytes += (chunk as Buffer).length;
    return bytes;
  };
  const send = async (command: unknown): Promise<unknown> => {
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input: Input }).input;
    requests[name] = (requests[name] ?? 0) + 1;
    switch (name) {
      case 'GetObjectCommand':
      case 'HeadObjectCommand': {
        const path = input.Key === undefined ? undefined : files[input.Key];
        if (!path && name === 'GetObjectCommand' && written.has(String(input.Key))) {
          // Written here (a ranged drop's rejected part): only its byte count was kept.
          return { ContentLength: 0, ETag: '"bench"', $metadata: {}, Body: Readable.from([]) };
        }
        if (!path) {
          // The SDK's own error types, as the S3 client throws them: the core recognises them by type.
          const missing = { message: 'The specified key does not exist.', $metadata: {} };
          throw name === 'HeadObjectCommand' ? new NotFound(missing) : new NoSuchKey(missing);
        }
        const { size } = await stat(path);
        const common = { ContentLength: size, ETag: '"bench"', $metadata: {} };
        if (name === 'HeadObjectCommand') return common;
        const range = /^bytes=(\d+)-(\d+)$/.exec(input.Range ?? '');
        if (!range) return { ...common, Body: createReadStream(path, { highWaterMark: 256 * 1024 }) };
        // A ranged GET (a range of a big drop): `bytes=a-b`, both ends included, as S3 reads it.
        const start = Number(range[1]);
        const end = Math.min(Number(range[2]), size - 1);
        return {
          ...common,
          ContentLength: end - start + 1,
          ContentRange: `bytes ${start}-${end}/${size}`,
          Body: createReadStream(path, { start, end, highWaterMark: 256 * 1024 }),
        };
      }
      case 'PutObjectCommand':
        written.set(String(input.Key), await drain(input.Body));
        return { ETag: '"bench"', $metadata: {} };
      case 'CreateMultipartUploadCommand': {
        nextUpload += 1;
        const UploadId = String(nextUpload);
        uploads.set(UploadId, { key: String(input.Key), bytes: 0 });
        return { UploadId, $metadata: {} };
      }
      case 'UploadPartCommand': {
        const upload = uploads.get(String(input.UploadId));
        if (upload) upload.bytes += await drain(input.Body);
        return { ETag: `"part${input.PartNumber}"`, $metadata: {} };
      }
      case 'CompleteMultipartUploadCommand': {
        const upload = uploads.get(String(input.UploadId));
        if (upload) written.set(upload.key, upload.bytes);
        uploads.delete(String(input.UploadId));
        return { ETag: '"bench"', Key: upload?.key, $metadata: {} };
      }
      case 'CopyObjectCommand': {
        // CopySource is `<bucket>/<url-encoded key>`.
        const source = decodeURIComponent(String(input.CopySource).replace(/^\/?[^/]+\//, ''));
        const bytes = written.get(source);
        if (bytes === undefined) throw new Error(`inProcessS3: copy of a key never written`);
        written.set(String(input.Key), bytes);
        return { CopyObjectResult: { ETag: '"bench"' }, $metadata: {} };
      }
      case 'ListObjectsV2Command': {
        const prefix = input.Prefix ?? '';
        const keys = [...new Set([...Object.keys(files), ...written.keys()])]
          .filter((k) => k.startsWith(prefix))
          .sort();
        return {
          Contents: keys.map((Key) => ({ Key, Size: written.get(Key) ?? 0 })),
          KeyCount: keys.length,
          IsTruncated: false,
          $metadata: {},
        };
      }
      case 'DeleteObjectCommand':
        written.delete(String(input.Key));
        return { $metadata: {} };
      case 'DeleteObjectsCommand':
        for (const object of input.Delete?.Objects ?? []) written.delete(String(object.Key));
        return { Deleted: input.Delete?.Objects ?? [], $metadata: {} };
      case 'AbortMultipartUploadCommand':
        uploads.delete(String(input.UploadId));
        return { $metadata: {} };
      default:
        throw new UnsupportedExpressionError(`inProcessS3: ${name} is not supported`);
    }
  };
  (client as unknown as { send: typeof send }).send = send;
  return { client, written, requests };
}
