import type { Job } from '../jobs/index.ts';
import type { ListWriteState } from '../lists/index.ts';
import { logger } from '../logging/index.ts';
import { parseIngestCheckpoint } from './IngestCheckpoint.ts';
import type { IngestPorts } from './IngestPorts.ts';

/**
 * A job that gives up must not keep its lists leased with half-written pending versions until the
 * lease expires: for each list of its last checkpoint, take the (own) lease again, which rolls the
 * abandoned pending version back, then release it. Best effort: a list it cannot reach now is
 * rolled back by the next writer once the lease expires, and so is every list of a corrupt
 * checkpoint (the job still fails).
 */
export async function abandonLists(ports: Pick<IngestPorts, 'lists'>, job: Job): Promise<void> {
  let lists: readonly ListWriteState[];
  try {
    lists = parseIngestCheckpoint(job)?.lists ?? [];
  } catch (error) {
    logger.warn('abandoned lists left to lease expiry: the checkpoint is corrupt', {
      jobId: job.jobId,
      error: (error as Error).message,
    });
    return;
  }
  for (const state of lists) {
    try {
      const write = await ports.lists.openWrite(state.listId, job.jobId);
      await write.abort();
    } catch (error) {
      logger.warn('abandoned list left to lease expiry', { jobId: job.jobId, error: (error as Error).name });
    }
  }
}
