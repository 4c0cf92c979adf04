import { ConflictError, NotFoundError } from '../errors/index.ts';
import { emptyReceipt, isFinished, type Job } from '../jobs/index.ts';
import { type DeliveryCheckpoint, deliveryCheckpointSchema } from './DeliveryCheckpoint.ts';
import type { DeliveryPorts } from './DeliveryPorts.ts';
import { deliveryJobId } from './deliveryJobId.ts';

/** What to deliver: an export's output, to a destination; `again` for a re-delivery. */
export interface DeliveryRequest {
  exportJobId: string;
  outputKeys: readonly string[];
  destination: string;
  startedBy: string;
  /** A re-delivery (a user asked for it): a finished delivery starts a new round. */
  again?: boolean;
}

/**
 * Creates the delivery job of an export (`deliver:<exportJobId>`, queued) and hands it to the
 * export worker. Idempotent for the export's own call: a retried export finds the job there and
 * only enqueues it again (a running or finished delivery is left alone; the worker's lease and
 * checkpoint keep a duplicate message harmless). A re-delivery (`again`) of a finished delivery
 * resets it to a new round; one still queued or running is a 409.
 *
 * @example
 * const { jobId } = await queueDelivery(ports, { exportJobId, outputKeys, destination: 'partner-a', startedBy: 'export' });
 */
export async function queueDelivery(
  ports: Pick<DeliveryPorts, 'jobs' | 'dispatcher' | 'now' | 'destinations'>,
  request: DeliveryRequest,
): Promise<{ jobId: string }> {
  const jobId = deliveryJobId(request.exportJobId);
  if (!(await ports.destinations.get(request.destination))) {
    throw new NotFoundError(`destination: no destination ${request.destination}`, { field: 'destination' });
  }
  const existing = await ports.jobs.get(jobId);
  const now = ports.now().toISOString();
  const source = { exportJobId: request.exportJobId, destination: request.destination };
  if (existing && !request.again) {
    if (!isFinished(existing.status)) await ports.dispatcher.enqueueExport(jobId);
    return { jobId };
  }
  const checkpoint = (round: number): DeliveryCheckpoint => ({
    round,
    outputKeys: [...request.outputKeys],
    delivered: [],
  });
  if (!existing) {
    const job: Job = {
      jobId,
      type: 'deliver',
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      receipt: emptyReceipt(),
      startedBy: request.startedBy,
      source,
      attempts: 0,
      checkpoint: checkpoint(1),
    };
    await ports.jobs.put(job);
  } else {
    const round = (deliveryCheckpointSchema.safeParse(existing.checkpoint).data?.round ?? 1) + 1;
    const reset = await ports.jobs.transition(jobId, ['succeeded', 'failed'], {
      status: 'queued',
      receipt: emptyReceipt(),
      startedBy: request.startedBy,
      source,
      attempts: 0,
      checkpoint: checkpoint(round),
      error: undefined,
      outputKeys: undefined,
      updatedAt: now,
    });
    if (!reset)
      throw new ConflictError('exportJobId: its delivery is still running', { field: 'exportJobId' });
  }
  await ports.dispatcher.enqueueExport(jobId);
  return { jobId };
}
