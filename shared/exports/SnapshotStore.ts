/**
 * One exported member in a shared audience's snapshot. `v` is the generation of the export
 * attempt that last wrote it and `id` the ID that attempt wrote; when that attempt is not (yet)
 * published, `pv`/`pid` keep the published state the item had before.
 */
export interface SnapshotEntry {
  memberKey: string;
  v: number;
  id: string;
  pv?: number;
  pid?: string;
}

/** The export snapshot of shared audiences, sharded like lists. */
export interface SnapshotStore {
  getMany(
    sharedAudience: string,
    shard: number,
    memberKeys: readonly string[],
  ): Promise<Map<string, SnapshotEntry>>;
  putMany(sharedAudience: string, shard: number, entries: readonly SnapshotEntry[]): Promise<void>;
  /** Every entry of one shard, in pages. */
  scan(sharedAudience: string, shard: number): AsyncIterable<SnapshotEntry[]>;
  deleteMany(sharedAudience: string, shard: number, memberKeys: readonly string[]): Promise<void>;
}
