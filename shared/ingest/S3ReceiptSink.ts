import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Receipt } from '../jobs/index.ts';
import type { ReceiptSink } from './ReceiptSink.ts';

/** Receipts as `receipts/<jobId>.json` in the data bucket. */
export class S3ReceiptSink implements ReceiptSink {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async write(jobId: string, receipt: Receipt): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `receipts/${jobId}.json`,
        Body: JSON.stringify(receipt, null, 2),
        ContentType: 'application/json',
      }),
    );
  }
}
