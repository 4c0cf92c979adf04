import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ErasureFiles } from './ErasurePorts.ts';

/** A privacy delete's opt-out files and erasure record, as objects of the bucket. */
export class S3ErasureFiles implements ErasureFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}
