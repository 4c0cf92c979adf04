import type { Job, Receipt } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { writeReceipt } from './writeReceipt.ts';

/** Fails a job with a reason (`error.code` + message); the receipt keeps what was counted. */
export async function failIngestJob(
  runtime: Runtime,
  job: Job,
  error: { code: string; message: string },
  receipt?: Receipt,
) {
  await runtime.jobs.transition(job.jobId, ['queued', 'running'], {
    status: 'failed',
    error,
    ...(receipt ? { receipt } : {}),
    updatedAt: runtime.now().toISOString(),
  });
  await writeReceipt(runtime, job.jobId, receipt ?? job.receipt);
  logger.warn('ingest job failed', { jobId: job.jobId, code: error.code, reason: error.message });
}
