/**
 * Which members each committed version of a list changed: what lets a reader of the list (a rule
 * list's materialiser) read only the changed members since the version it last saw. Every entry
 * is a superset of the version's changes (an aborted write at the same pending version may add
 * keys, never remove any); a version whose log is not sealed is unknown, and the reader then
 * reads the whole list.
 */
export interface ListChangeLog {
  /** Records member keys changed by the pending version `version` (one call per checkpoint epoch). */
  record(listId: string, version: number, epoch: number, keys: readonly string[]): Promise<void>;
  /** Marks `version`'s log complete; called before the commit point makes it visible. */
  seal(listId: string, version: number): Promise<void>;
  /**
   * The member keys changed by versions `after + 1 … upTo`, or `undefined` when one of those
   * versions has no sealed log (written before the log existed, or expired: `AB_CHANGE_LOG_RETENTION_DAYS`).
   */
  changedSince(listId: string, after: number, upTo: number): Promise<Set<string> | undefined>;
}
