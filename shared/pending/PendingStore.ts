/**
 * A membership kept for an ID that matched nobody (issue 16.3): the list it belongs to, under each
 * of the ID's lookup keys (`refKey`: its own key, then a declared ID's email/phone or DPID alias).
 */
export interface PendingMembership {
  /** The lookup key this copy is stored under. */
  key: string;
  listId: string;
  /** Every lookup key of the ID (the copies to delete together once applied). */
  keys: readonly string[];
  /** Name timestamp (ms) of the drop that kept it: a later `full` file of the list replaces it. */
  ts: number;
  /** Expiry (ms since the epoch): never applied after it, swept when read. */
  exp: number;
}

/** Storage of pending memberships: batched writes, and a cheap batched "any pending?" probe. */
export interface PendingStore {
  /** Keeps the memberships (one item each, plus a marker per key that the probe reads). */
  put(memberships: readonly PendingMembership[]): Promise<void>;
  /**
   * Forgets the memberships of each `(key, listId)` (an `iter` removal, or applied), and the
   * markers of `emptied` keys (the caller knows nothing is left under them).
   */
  remove(entries: ReadonlyArray<{ key: string; listId: string }>, emptied?: readonly string[]): Promise<void>;
  /** The keys among `keys` that have (or had) pending memberships: one BatchGet per 100 keys. */
  markedAmong(keys: readonly string[]): Promise<Set<string>>;
  /** The pending memberships of one key, and forgets its marker when it has none left. */
  ofKey(key: string): Promise<PendingMembership[]>;
}
