import {
  type DeliveryPorts,
  type DestinationRules,
  DynamoDestinationStore,
  openPartnerStorage,
  S3PublishedExport,
} from '../shared/delivery/index.ts';
import { S3ReceiptSink } from '../shared/ingest/index.ts';
import type { Runtime } from './runtime.ts';

/** Three uploads of a file per attempt, 1 s then 2 s apart at most (full jitter). */
const UPLOAD_RETRY = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const built = new WeakMap<
  Runtime,
  DeliveryPorts & { rules: DestinationRules; destinations: DynamoDestinationStore }
>();

/**
 * The composition root of deliveries (the export worker runs them, the API function saves
 * destinations and queues re-deliveries): the delivery ports of a runtime, built once per runtime:
 * the destinations sealed with the runtime's SecretBox (it caches KMS data keys), the export's published files in the
 * bucket, the job store, leases, and the rules of this deployment (a custom endpoint only on the
 * local stack, the roles the stack may assume).
 *
 * @example
 * await deliverExport(deliveryPortsOf(runtime), 'deliver:export:partner-a:1795683600000');
 */
export function deliveryPortsOf(runtime: Runtime) {
  let ports = built.get(runtime);
  if (!ports) {
    const { config, clients } = runtime;
    const receipts = new S3ReceiptSink(clients.s3, config.bucket);
    ports = {
      jobs: runtime.jobs,
      leases: runtime.leases,
      destinations: new DynamoDestinationStore(clients.ddb, config.table, runtime.secrets, runtime.now),
      sharedAudiences: runtime.sharedAudiences,
      published: new S3PublishedExport(clients.s3, config.bucket),
      storageFor: (destination) => openPartnerStorage(destination, { region: config.region }),
      writeReceipt: (jobId, receipt) => receipts.write(jobId, receipt),
      dispatcher: runtime.dispatcher,
      now: runtime.now,
      retry: UPLOAD_RETRY,
      rules: { allowEndpoint: Boolean(config.s3Endpoint), roleArns: config.destinationRoleArns },
    };
    built.set(runtime, ports);
  }
  return ports;
}
