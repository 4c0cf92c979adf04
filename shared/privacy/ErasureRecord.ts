/**
 * What one privacy delete did, kept as `receipts/erasures/<erasureId>.json` and answered by the
 * route. It never holds a personal value: the ID and its recipient appear as truncated SHA-256
 * hashes (`hashedTarget`, as in the audit), so an admin who knows the ID can find its record.
 */
export interface ErasureRecord {
  erasureId: string;
  at: string;
  /** Token subject of the caller. */
  actor: string;
  /** The namespace the ID was stored under (not personal). */
  namespace: string;
  /** `sha256:` + 16 hex of the stored (normalised) ID value. */
  subject: string;
  /** `sha256:` + 16 hex of the recipient ID it resolved to, when it did. */
  recipient?: string;
  /** Lists the address-only member was removed from (a recipient's lists are not counted apart). */
  addressLists: number;
  /** Export snapshot entries deleted, over every shared audience. */
  snapshotEntries: number;
  /** Pending-membership items deleted (a membership is kept once per lookup key of its ID). */
  pendingEntries: number;
  /** The opt-out files written, one per shared audience whose files carried the person's IDs. */
  optOutFiles: string[];
}
