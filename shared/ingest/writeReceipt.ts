import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Receipt } from '../jobs/index.ts';
import type { Runtime } from '../runtime/index.ts';

/** Writes a job's receipt to `receipts/<jobId>.json` in the bucket. */
export async function writeReceipt(runtime: Runtime, jobId: string, receipt: Receipt): Promise<void> {
  await runtime.clients.s3.send(
    new PutObjectCommand({
      Bucket: runtime.config.bucket,
      Key: `receipts/${jobId}.json`,
      Body: JSON.stringify(receipt, null, 2),
      ContentType: 'application/json',
    }),
  );
}
