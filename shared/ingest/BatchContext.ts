import type { DropInfo, ParsedRecord, ReceiptCounter } from '../formats/index.ts';
import type { DropRights } from '../partners/index.ts';
import type { PendingStore } from '../pending/index.ts';
import type { PipelineCounters } from './IngestCheckpoint.ts';
import type { IngestIdentity } from './IngestIdentity.ts';
import type { ListIdLimits } from './ListIdLimits.ts';
import type { MembershipApplier } from './MembershipApplier.ts';
import type { RejectedFile } from './RejectedLines.ts';

/** What a batch's steps share for the whole run: the drop, its writers and its counters. */
export interface BatchContext {
  identity: IngestIdentity;
  info: DropInfo;
  applier: MembershipApplier;
  counters: PipelineCounters;
  rejected: RejectedFile;
  /** `receipts/<key>.unmatched.tsv`: each unmatched ID with its reason. */
  unmatched: RejectedFile;
  resolve: (namespace: string) => Promise<string>;
  counter: ReceiptCounter;
  /** What the drop's partner allows: each list is checked before it is first written. */
  rights: DropRights;
  /** The drop's limits on list IDs and their number. */
  listLimits: ListIdLimits;
  /**
   * The segment IDs of the stored lists of a source that the drop's partner feeds (its list
   * patterns allow): an AAM inbound ID with no traits leaves every one of them.
   */
  fedSegments: (source: string) => Promise<readonly string[]>;
  /** What the drop's links and recipients apply of pending memberships runs as: `rematch:<cause>`. */
  cause: string;
  /** Where unmatched IDs' memberships wait for their ID to match. */
  pending: PendingStore;
  /** The drop's name timestamp (a later `full` file replaces them) and the expiry of what it keeps pending. */
  pendingStamp: { ts: number; exp: number };
  /**
   * Per list, the IDs this run added that matched and that were kept pending: the list's
   * match-rate history point at the commit (in memory: a resumed run counts from its resume).
   */
  listMatches: Map<string, { matched: number; pending: number }>;
}

/** A parsed line waiting in the current batch. */
export interface PendingLine {
  line: number;
  raw: string;
  record: ParsedRecord;
  /** The namespace the receipt counter validated a membership record's ID under. */
  validatedAs?: string | undefined;
  /** A membership whose ID is a blocked value: counted already, never reconciled. */
  blocked?: true;
}
