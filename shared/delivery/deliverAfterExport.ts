import * as z from 'zod';
import type { Job } from '../jobs/index.ts';
import type { DeliveryPorts } from './DeliveryPorts.ts';
import { queueDelivery } from './queueDelivery.ts';

/** The part of an export's checkpoint this step reads: an inline definition's destination. */
const inlineDestination = z.object({
  definition: z.object({ destination: z.string().optional() }).optional(),
});

/**
 * The step after an export published its files: when its shared audience (or inline definition)
 * names a destination, queue their delivery. Called before the export job is marked succeeded, so
 * a crash in between makes the retried export call it again (and `queueDelivery` is idempotent):
 * no export with a destination ends without its delivery job.
 *
 * @example
 * await deliverAfterExport(ports, job, outcome.outputKeys);
 */
export async function deliverAfterExport(
  ports: Pick<DeliveryPorts, 'jobs' | 'dispatcher' | 'now' | 'destinations' | 'sharedAudiences'>,
  exportJob: Job,
  outputKeys: readonly string[],
): Promise<void> {
  if (outputKeys.length === 0) return;
  const inline = inlineDestination.safeParse(exportJob.checkpoint ?? {}).data?.definition;
  const name = exportJob.source?.sharedAudience ?? '';
  const destination = inline ? inline.destination : (await ports.sharedAudiences.get(name))?.destination;
  if (!destination) return;
  await queueDelivery(ports, {
    exportJobId: exportJob.jobId,
    outputKeys,
    destination,
    startedBy: exportJob.startedBy ?? 'export',
  });
}
