import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { DeliveryPorts } from './DeliveryPorts.ts';
import { deliveryJobId } from './deliveryJobId.ts';
import { queueDelivery } from './queueDelivery.ts';

/**
 * Delivers the files of a finished export again (`POST /v1/deliveries`): to the destination given,
 * else the one its last delivery used, else its shared audience's. The files must still be in the
 * bucket; the delivery job starts a new round and answers like any job.
 *
 * @example
 * const { jobId } = await redeliverExport(ports, { exportJobId: 'export:partner-a:1795683600000' }, 'alice');
 */
export async function redeliverExport(
  ports: Pick<DeliveryPorts, 'jobs' | 'dispatcher' | 'now' | 'destinations' | 'sharedAudiences'>,
  request: { exportJobId: string; destination?: string },
  startedBy: string,
): Promise<{ jobId: string }> {
  const exported = await ports.jobs.get(request.exportJobId);
  if (exported?.type !== 'export') {
    throw new NotFoundError(`exportJobId: no export job ${request.exportJobId}`, { field: 'exportJobId' });
  }
  if (exported.status !== 'succeeded') {
    throw new ConflictError(`exportJobId: the export is ${exported.status}, not succeeded`, {
      field: 'exportJobId',
    });
  }
  const outputKeys = exported.outputKeys ?? [];
  if (outputKeys.length === 0) {
    throw new ConflictError('exportJobId: the export wrote no file', { field: 'exportJobId' });
  }
  const destination =
    request.destination ??
    (await ports.jobs.get(deliveryJobId(request.exportJobId)))?.source?.destination ??
    (await ports.sharedAudiences.get(exported.source?.sharedAudience ?? ''))?.destination;
  if (!destination) {
    throw new ValidationError('destination: required, as the shared audience names none', {
      field: 'destination',
    });
  }
  return queueDelivery(ports, {
    exportJobId: request.exportJobId,
    outputKeys,
    destination,
    startedBy,
    again: true,
  });
}
