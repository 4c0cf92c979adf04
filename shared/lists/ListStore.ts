import type { ListMeta, ListReader, Member } from './types.ts';
import type { Abandoned } from './visibility.ts';

/** What makes a new list. */
export interface NewList {
  listId: string;
  name: string;
  source: string;
  segmentId?: string;
}

/** One point of a list's match-rate history: after a drop committed it. */
export interface HistoryPoint {
  /** ISO time of the commit. */
  at: string;
  /** Committed members after it. */
  size: number;
  /** Of the IDs the drop added to the list, the share that matched a recipient (0–1; kept pending otherwise). */
  matchRate: number;
}

/** A list's metadata plus the bookkeeping writers need. */
export interface StoredList extends ListMeta {
  /** The committed version readers see. */
  version: number;
  /** Name timestamp (ms) of the last applied `full` file; older `full` files are stale. */
  lastFullTimestamp?: number;
  /** The last pending version handed out (each write session gets the next: unique, increasing). */
  lastPending: number;
  /** The pending version of the write session holding the list now: the fencing token. */
  writer?: number;
  /** Pending versions that never took effect (their items are ignored). */
  abandoned: Abandoned;
  /** The last MAX_HISTORY_POINTS points, oldest first (`GET /v1/lists/{listId}/history`). */
  history?: HistoryPoint[];
}

/** One membership change. */
export interface MemberOp {
  op: 'add' | 'remove';
  member: Member;
}

/** What a resumed writer continues from (saved in a job checkpoint; no personal data). */
export interface ListWriteState {
  listId: string;
  pendingVersion: number;
  /** Line the current checkpoint epoch started at. */
  epoch: number;
  added: number;
  removed: number;
  /**
   * The session was asked to add (remove) members: only those change classes can be non-zero, so
   * a recount skips the others (absent: never asked; a line re-read after a crash asks again).
   */
  adds?: true;
  removes?: true;
}

/**
 * A write to one list at its own pending version `p > v` (unique to this session), under the
 * list's lease; commit and rollback are conditional on `p` being the list's writer. Nothing is visible to
 * readers until `commit`. Counters are exact even across a crash and a resume (see docs/ingest.md).
 */
export interface ListWrite {
  readonly listId: string;
  /** Committed version when the write started. */
  readonly version: number;
  readonly pendingVersion: number;
  /** True when a previous run already committed this pending version: skip writing, just finish. */
  readonly alreadyCommitted: boolean;
  /** Applies adds/removes (the last op of a member wins); writes only what changes. */
  apply(ops: readonly MemberOp[]): Promise<void>;
  /** Marks member keys a `full` file names (stored, so a resumed write keeps them). */
  markSeen(keys: Iterable<string>): Promise<void>;
  /** Removes the committed members `markSeen` did not mark (a `full` file's replacement). */
  sweepUnseen(): Promise<void>;
  /** Folds the counters, starts a new epoch at line `epoch`, renews the lease; returns the state to save. */
  checkpoint(epoch: number): Promise<ListWriteState>;
  counts(): { added: number; removed: number };
  /**
   * Sets the counters from the store (a session several writers shared: their own counts may
   * overlap); only the classes some writer was asked for (`ListWriteState.adds` / `removes`).
   */
  recount(): Promise<void>;
  /** Makes the pending version visible, then cleans tombstones and releases the lease. */
  commit(options?: { fullTimestamp?: number }): Promise<{ added: number; removed: number }>;
  /** Gives the write up: undoes its pending changes (scans the list) and releases the lease. */
  abort(): Promise<void>;
}

/**
 * The list store: the read side export and the API use, plus the write side of ingest, the
 * lists API and the privacy delete.
 */
export interface ListStore extends ListReader {
  getStored(listId: string): Promise<StoredList | undefined>;
  /** Creates the list if it is missing; returns it either way. */
  ensure(list: NewList): Promise<ListMeta>;
  /** Creates the list; ConflictError when the listId is taken. */
  create(list: NewList): Promise<ListMeta>;
  /**
   * Takes the list's lease and starts (or, with `resume`, continues) a write. ConflictError when
   * another writer holds the lease; NotFoundError when the list does not exist. With `join`, a
   * session the same holder opened already (another range of one drop) is joined, not replaced.
   */
  openWrite(
    listId: string,
    holder: string,
    resume?: ListWriteState,
    options?: { join?: boolean },
  ): Promise<ListWrite>;
  /**
   * Appends a point to the list's match-rate history, keeping the last MAX_HISTORY_POINTS
   * (a statistic: two drops committing at once may lose one point, never a member).
   */
  addHistory(listId: string, point: { matched: number; pending: number }): Promise<void>;
  /**
   * Privacy delete: removes the member (a recipient or an address) from every list and its key from
   * every list's change log; returns how many lists it was in.
   */
  forgetMember(member: Member): Promise<number>;
}
