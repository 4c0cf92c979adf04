import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isMissingObject } from '../stores/index.ts';
import type { ByteRange, DropObject, DropSource, ListedDrop } from './DropSource.ts';

const unquoted = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** Drops in the data bucket. */
export class S3DropSource implements DropSource {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string, range?: ByteRange): Promise<DropObject | undefined> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
        }),
      );
      // `bytes a-b/total` on a ranged GET: the object's size either way.
      const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : out.ContentLength;
      return { body: out.Body as Readable, lastModified: out.LastModified, size: total };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async readText(key: string): Promise<string> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  }

  async head(key: string): Promise<string | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return unquoted(head.ETag);
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<ListedDrop[]> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      yield (page.Contents ?? []).flatMap((object) =>
        object.Key
          ? [
              {
                key: object.Key,
                ...(object.ETag ? { etag: object.ETag.replace(/"/g, '') } : {}),
                ...(object.Size !== undefined ? { size: object.Size } : {}),
              },
            ]
          : [],
      );
      token = page.NextContinuationToken;
    } while (token);
  }
}
