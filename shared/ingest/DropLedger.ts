import type { ControlFile } from '../formats/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import type { DropRanges } from './DropRanges.ts';
import type { DropState } from './SplitDrops.ts';

/**
 * Exactly-once markers of drops (`S3 key + ETag`), written when a drop's job commits: the same
 * object delivered or dropped again finds its marker and is not applied twice.
 */
export interface AppliedMarkers {
  has(objectKey: string, etag: string): Promise<boolean>;
  put(objectKey: string, etag: string, jobId: string, at: Date): Promise<void>;
}

/** Progress of split drops (a `.info` and its data files), one group per folder and drop name. */
export interface SplitDropStore {
  /**
   * Records the group's `.info`, first one wins: the key of the `.info` recorded before when that
   * one differs, else undefined (recorded now, or the same one delivered again).
   */
  recordControl(
    group: string,
    key: string,
    control: ControlFile,
    at: Date,
  ): Promise<{ winner: string } | undefined>;
  recordPart(group: string, fileName: string, key: string, jobId: string, at: Date): Promise<void>;
  get(group: string): Promise<DropState>;
  /** Groups first seen before `before` (ISO time), oldest first. */
  seenBefore(before: string): Promise<string[]>;
}

/**
 * What ingest keeps about drops apart from their jobs (DynamoDB: `DynamoAppliedMarkers`,
 * `DynamoSplitDrops`, `DynamoLeaseStore`): which were applied, how far split drops got, and which
 * job runs are alive.
 */
export interface DropLedger {
  applied: AppliedMarkers;
  splitDrops: SplitDropStore;
  /** One run of a job at a time (`withJobRun`). */
  runLeases: LeaseStore;
  /** The ranges of drops cut over several invocations. */
  ranges: DropRanges;
}
