import { type Job, type Receipt, withWarnings } from '../jobs/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { writeReceipt } from './writeReceipt.ts';

/** Marks the job succeeded with its receipt (also written to `receipts/`). */
export async function finishIngestJob(
  runtime: Runtime,
  job: Job,
  receipt: Receipt,
  key: string,
  etag: string,
): Promise<void> {
  // The same warnings the job store adds, so the `receipts/` copy says what the job record says.
  const final = withWarnings(receipt);
  await writeReceipt(runtime, job.jobId, final);
  await runtime.jobs.transition(job.jobId, ['running', 'queued'], {
    status: 'succeeded',
    receipt: final,
    source: { key, etag },
    checkpoint: undefined,
    progress: undefined,
    error: undefined,
    updatedAt: runtime.now().toISOString(),
  });
}
