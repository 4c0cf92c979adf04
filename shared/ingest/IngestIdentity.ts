import type { DataSource } from '../datasources/types.ts';
import type { IdRef } from '../identifiers/types.ts';
import type { LinkOutcome, Reconciler } from '../identities/Reconciler.ts';
import type { PutManyOutcome } from '../recipients/PutManyOutcome.ts';
import type { RecipientRecord } from '../recipients/schemas.ts';

/** What ingest needs from the identity area: the reconciler, links, recipients and data sources. */
export interface IngestIdentity {
  reconciler: Reconciler;
  /** `cause`: the job that applies memberships waiting for the IDs this links (`rematch:<cause>`). */
  link(rows: IdRef[][], cause?: string): Promise<LinkOutcome>;
  namespaceForDpid(dpid: number): Promise<string>;
  dataSources: { byDpid(dpid: number): Promise<DataSource | undefined> };
  recipients: { putMany(records: readonly RecipientRecord[], cause?: string): Promise<PutManyOutcome> };
}
