import {
  DynamoAppliedMarkers,
  DynamoDropRanges,
  DynamoSplitDrops,
  type IngestPorts,
  S3DropSource,
  S3ReceiptSink,
  S3RejectedLines,
} from '../shared/ingest/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * The composition root of ingest (the ingest worker and the schedule's sweep run it; tests and
 * the bench run the same): the ports of a runtime's stores and clients.
 *
 * @example
 * await ingestDrop(ingestPortsOf(runtime), { kind: 'drop', key: 'inbound/S3_1_2_iter_1486140844000.sync' });
 */
export function ingestPortsOf(runtime: Runtime): IngestPorts {
  const { clients, config } = runtime;
  return {
    drops: new S3DropSource(clients.s3, config.bucket),
    ledger: {
      applied: new DynamoAppliedMarkers(clients.ddb, config.table),
      splitDrops: new DynamoSplitDrops(clients.ddb, config.table),
      runLeases: runtime.leases,
      ranges: new DynamoDropRanges(clients.ddb, config.table, () => runtime.now()),
    },
    receipts: new S3ReceiptSink(clients.s3, config.bucket),
    rejected: new S3RejectedLines(clients.s3, config.bucket),
    jobs: runtime.jobs,
    dispatcher: runtime.dispatcher,
    lists: runtime.lists,
    identity: runtime.identity,
    partners: runtime.partners,
    pending: runtime.pending,
    settings: config,
    now: () => runtime.now(),
  };
}
