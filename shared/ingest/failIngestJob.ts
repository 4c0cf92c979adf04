import type { Job, Receipt } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { IngestPorts } from './IngestPorts.ts';

/** Fails a job with a reason (`error.code` + message); the receipt keeps what was counted. */
export async function failIngestJob(
  ports: Pick<IngestPorts, 'jobs' | 'receipts' | 'now'>,
  job: Job,
  error: { code: string; message: string },
  receipt?: Receipt,
) {
  // The reason goes into the receipt too: a partner reading `receipts/` learns why its file failed.
  const failed: Receipt = { ...(receipt ?? job.receipt), failure: error };
  await ports.jobs.transition(job.jobId, ['queued', 'running'], {
    status: 'failed',
    error,
    receipt: failed,
    updatedAt: ports.now().toISOString(),
  });
  await ports.receipts.write(job.jobId, failed);
  logger.warn('ingest job failed', { jobId: job.jobId, code: error.code, reason: error.message });
}
