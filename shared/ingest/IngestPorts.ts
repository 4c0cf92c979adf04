import type { Config } from '../config/index.ts';
import type { JobDispatcher, JobStore } from '../jobs/index.ts';
import type { ListStore } from '../lists/index.ts';
import type { PartnerStore } from '../partners/index.ts';
import type { PendingStore } from '../pending/index.ts';
import type { DropLedger } from './DropLedger.ts';
import type { DropSource } from './DropSource.ts';
import type { IngestIdentity } from './IngestIdentity.ts';
import type { ReceiptSink } from './ReceiptSink.ts';
import type { RejectedLines } from './RejectedLines.ts';

/** The configuration ingest reads: its batch sizes, checkpoints, time budget and drop limits. */
export type IngestSettings = Pick<
  Config,
  | 'ingestBatchLines'
  | 'checkpointLines'
  | 'timeBudgetMs'
  | 'maxDropBytes'
  | 'maxDropSegments'
  | 'ingestRangeBytes'
>;

/** What an ingest job works with, each behind its own port (built at the edge: `ingestPortsOf`). */
export interface IngestPorts {
  drops: DropSource;
  ledger: DropLedger;
  receipts: ReceiptSink;
  /** `rejected/<key>.tsv` and `receipts/<key>.unmatched.tsv`. */
  rejected: RejectedLines;
  jobs: Pick<JobStore, 'get' | 'put' | 'transition'>;
  /** Hands a job back to the ingest queue (a `continue`, or a drop to check back on later). */
  dispatcher: Pick<JobDispatcher, 'enqueueIngest'>;
  lists: ListStore;
  /** The reconciler, links, recipients and data sources. */
  identity: IngestIdentity;
  /** Each drop's partner: what its folder may do. */
  partners: Pick<PartnerStore, 'get'>;
  /** Memberships of IDs that matched nobody yet. */
  pending: PendingStore;
  settings: IngestSettings;
  now(): Date;
}
