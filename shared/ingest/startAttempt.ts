import type { Job } from '../jobs/index.ts';
import { abandonLists } from './abandonLists.ts';
import { failIngestJob } from './failIngestJob.ts';
import type { IngestPorts } from './IngestPorts.ts';

/** A drop whose job was started this many times without finishing is failed, not retried forever. */
export const MAX_INGEST_ATTEMPTS = 8;

/**
 * Counts the attempt and moves the job to `running`: the job as running, or how the run ends
 * without reading the drop (`failed` past {@link MAX_INGEST_ATTEMPTS}, `succeeded` when the job
 * finished meanwhile).
 */
export async function startAttempt(ports: IngestPorts, initial: Job): Promise<Job | 'failed' | 'succeeded'> {
  const attempts = initial.attempts + 1;
  if (attempts > MAX_INGEST_ATTEMPTS) {
    // Quote the failure every attempt ran into (recorded by runIngestJob): "gave up" alone is not actionable.
    const last = initial.error;
    await abandonLists(ports, initial);
    await failIngestJob(ports, initial, {
      code: last?.code ?? 'internal',
      message: `gave up after ${initial.attempts} attempts${last ? `; last failure: ${last.message}` : ''}`,
    });
    return 'failed';
  }
  const moved = await ports.jobs.transition(initial.jobId, ['queued', 'running'], {
    status: 'running',
    attempts,
    updatedAt: ports.now().toISOString(),
  });
  if (!moved) return 'succeeded'; // finished (or failed) meanwhile: nothing left to do
  return { ...initial, status: 'running', attempts };
}
