import type { JobDispatcher, JobStore, Receipt } from '../jobs/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import type { SharedAudienceStore } from '../sharedAudiences/index.ts';
import type { RetryPolicy } from '../stores/index.ts';
import type { OpenedDestination } from './Destination.ts';
import type { DestinationStore } from './DestinationStore.ts';
import type { PartnerStorage } from './PartnerStorage.ts';
import type { PublishedExport } from './PublishedExport.ts';

/** What a delivery works with: narrow ports, so the use case runs on in-memory ones in unit tests. */
export interface DeliveryPorts {
  jobs: JobStore;
  leases: LeaseStore;
  destinations: Pick<DestinationStore, 'get' | 'open'>;
  published: PublishedExport;
  /** Connects to the storage a destination names (S3 with its role or key, or SFTP). */
  storageFor(destination: OpenedDestination): PartnerStorage;
  /** Writes a finished delivery's receipt beside the other jobs' (`receipts/<jobId>.json`). */
  writeReceipt(jobId: string, receipt: Receipt): Promise<void>;
  /** Which destination a shared audience names. */
  sharedAudiences: Pick<SharedAudienceStore, 'get'>;
  /** Hands a delivery job to the export worker. */
  dispatcher: Pick<JobDispatcher, 'enqueueExport'>;
  now: () => Date;
  /** Uploads of one file within one attempt, and the backoff between them. */
  retry: RetryPolicy;
}
