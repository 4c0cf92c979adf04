import type { IdRef } from '../identifiers/types.ts';

/**
 * Why an ID did not reconcile: `invalid` (not an ID of its namespace: ingest counts it in
 * `invalidIds`), `blocked` (a placeholder value), `unknown` (never seen), `noRecipient` (known, no
 * recipient linked yet), `encodingMismatch` (not in its data source's encoding), `forced` (a
 * force-reconciliation source's ID that matched nobody or did not decrypt: dropped, never kept).
 * All but `invalid` are the receipt's `unmatched` reasons.
 */
export type ReconcileReason =
  | 'invalid'
  | 'blocked'
  | 'unknown'
  | 'noRecipient'
  | 'encodingMismatch'
  | 'forced';

export interface ReconcileResult {
  namespace: string;
  /** The value as given (never normalised in answers, so callers can match input order). */
  value: string;
  recipientId: string | null;
  reason?: ReconcileReason;
  /** Human-readable detail of an invalid/blocked value (no personal data), e.g. "expected 38 digits". */
  detail?: string;
  /**
   * Set for an encrypted declared ID of an email/SMS data source without force reconciliation
   * that matched no recipient: the decrypted address to keep as an address-only list member.
   */
  address?: { address: string; channel: 'email' | 'sms' };
  /** A SHA-256 source's plain value that was hashed to match (`unhashedValues: 'hash'`). */
  hashedHere?: true;
  /**
   * An ID that reconciled to no recipient: the keys (`refKey`) it is looked up by, its own then its
   * candidates' (ingest keeps its memberships pending under them). Never answered by the API.
   */
  lookupKeys?: string[];
}

/**
 * Matches IDs to recipients: in input order, with BatchGetItem, at most two rounds
 * (the IDs themselves, then the IDs linked to the unresolved ones) plus retries.
 */
export interface Reconciler {
  reconcile(ids: readonly IdRef[], options?: ReconcileOptions): Promise<ReconcileResult[]>;
}

/** How a caller that already validated its IDs saves the reconciler doing it again. */
export interface ReconcileOptions {
  /**
   * `normalised[i]` true: `ids[i].value` already is what `normaliseId` returned for it under the
   * namespace the ID resolves to (ingest's receipt counter validated it there), so it is not
   * normalised again. Results are the same either way; this only saves the work.
   */
  normalised?: readonly boolean[];
}

export interface LinkOutcome {
  /** Links written (one per row of IDs that now belong together). */
  linked: number;
  /** Rows refused because they would join two different recipients. */
  conflicts: number;
  /** IDs that failed validation (the rest of the row is still linked). */
  invalid: number;
  /** The rows holding an invalid ID (0-based row index), with the first such ID's reason. */
  rejectedRows: Array<{ row: number; reason: string }>;
  /** Rows refused by a guardrail (IDs per namespace per recipient, links per ID). */
  capped?: number;
}
