import { emptyReceipt, type Job } from '../jobs/index.ts';

/** A drop's job as first stored: queued, started by the S3 notification. */
export function newIngestJob(jobId: string, key: string, etag: string, now: string, createdAt?: string): Job {
  return {
    jobId,
    type: 'ingest',
    status: 'queued',
    createdAt: createdAt ?? now,
    updatedAt: now,
    receipt: emptyReceipt(),
    attempts: 0,
    startedBy: 's3',
    source: { key, etag },
  };
}
