import { type Job, type Receipt, withWarnings } from '../jobs/index.ts';
import type { IngestPorts } from './IngestPorts.ts';

/** Marks the job succeeded with its receipt (also written to `receipts/`). */
export async function finishIngestJob(
  ports: Pick<IngestPorts, 'jobs' | 'receipts' | 'now'>,
  job: Job,
  receipt: Receipt,
  key: string,
  etag: string,
): Promise<void> {
  // The same warnings the job store adds, so the `receipts/` copy says what the job record says.
  const final = withWarnings(receipt);
  await ports.receipts.write(job.jobId, final);
  await ports.jobs.transition(job.jobId, ['running', 'queued'], {
    status: 'succeeded',
    receipt: final,
    source: { key, etag },
    checkpoint: undefined,
    progress: undefined,
    error: undefined,
    updatedAt: ports.now().toISOString(),
  });
}
