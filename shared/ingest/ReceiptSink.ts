import type { Receipt } from '../jobs/index.ts';

/** Where a job's receipt is published for the partner (`receipts/<jobId>.json`: `S3ReceiptSink`). */
export interface ReceiptSink {
  write(jobId: string, receipt: Receipt): Promise<void>;
}
