import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isMissingObject } from '../stores/index.ts';
import type { ObjectLinks, UploadPlan } from './ObjectLinks.ts';

export interface UploadSizes {
  /** Past this a drop is uploaded in parts (S3 takes 5 GB in one PUT, but a part retries cheaply). */
  singleUploadBytes: number;
  /** Smallest part (S3's own minimum is 5 MiB). */
  minPartBytes: number;
}

export const UPLOAD_SIZES: UploadSizes = { singleUploadBytes: 64 * 1024 ** 2, minPartBytes: 16 * 1024 ** 2 };
/** S3's own limit on the parts of one upload. */
const MAX_PARTS = 10_000;

/**
 * {@link ObjectLinks} on S3: presigned GET, PUT and multipart links signed with the function's
 * own credentials, so what a link may do is what the function's role may do.
 *
 * @example
 * const links = new S3ObjectLinks(s3, 'audience-bridge');
 * await links.downloadUrl('rejected/inbound/a.sync.tsv', 300);
 */
export class S3ObjectLinks implements ObjectLinks {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly sizes: UploadSizes = UPLOAD_SIZES,
  ) {}

  async sizeOf(key: string): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async readText(key: string): Promise<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await object.Body?.transformToString('utf-8')) ?? '';
  }

  downloadUrl(key: string, seconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: seconds,
    });
  }

  async uploadPlan(key: string, size: number, seconds: number): Promise<UploadPlan> {
    const expiresAt = new Date(Date.now() + seconds * 1000).toISOString();
    const options = { expiresIn: seconds };
    if (size <= this.sizes.singleUploadBytes) {
      const url = await getSignedUrl(
        this.s3,
        new PutObjectCommand({ Bucket: this.bucket, Key: key }),
        options,
      );
      return { key, url, expiresAt };
    }
    const partSize = Math.max(this.sizes.minPartBytes, Math.ceil(size / MAX_PARTS));
    const { UploadId } = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }),
    );
    const count = Math.ceil(size / partSize);
    const parts = await Promise.all(
      Array.from({ length: count }, async (_, i) => ({
        partNumber: i + 1,
        url: await getSignedUrl(
          this.s3,
          new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber: i + 1 }),
          options,
        ),
      })),
    );
    const completeUrl = await getSignedUrl(
      this.s3,
      new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }),
      options,
    );
    return { key, partSize, parts, completeUrl, expiresAt };
  }
}
