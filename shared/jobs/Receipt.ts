/** Drop and export formats named in receipts. */
export type ReceiptFormat =
  | 'aam-outbound'
  | 'aam-inbound'
  | 'aam-idsync'
  | 'aep-csv'
  | 'csv'
  | 'ndjson'
  | 'recipients-csv';
export type ReceiptMode = 'full' | 'incremental' | 'overwrite' | 'sync';

/** One rejected line: where and why, never the line's content (it may be personal data). */
export interface ReceiptError {
  line: number;
  reason: string;
}

/** Why valid IDs matched no recipient (CONTRACT.md "Receipt"); the reasons sum to `unmatchedIds`. */
export interface UnmatchedReasons {
  /** Never seen: no item for the ID (nor any key it is matched by). */
  unknownId: number;
  /** Known (synced or linked) but no recipient linked to it yet. */
  noRecipient: number;
  /** A placeholder value (`null`, `unknown`, all zeros…) that never links anything. */
  blocked: number;
  /** A force-reconciliation source's declared ID that reconciled to nobody (dropped, never kept). */
  forced: number;
  /** Not in the data source's encoding (not SHA-256 hex, not decryptable with its key). */
  encodingMismatch: number;
}

/** The unmatched reasons, in the order receipts and warnings name them. */
export const UNMATCHED_REASONS = [
  'unknownId',
  'noRecipient',
  'blocked',
  'forced',
  'encodingMismatch',
] as const satisfies ReadonlyArray<keyof UnmatchedReasons>;

/**
 * What one job did, mirroring the DMP's per-file report. Counting rules: CONTRACT.md "Receipt".
 * Export-only fields are present on export receipts.
 */
export interface Receipt {
  format: ReceiptFormat | null;
  mode: ReceiptMode | null;
  linesRead: number;
  recordsProcessed: number;
  formatErrors: number;
  invalidIds: number;
  unmatchedIds: number;
  /** `unmatchedIds` split by reason. */
  unmatched: UnmatchedReasons;
  /** Memberships of IDs that matched nobody, kept to apply when the ID matches later. */
  pendingMemberships: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  idLinks: number;
  segments: string[];
  duplicate: boolean;
  /** First 100 rejected lines. */
  errors: ReceiptError[];
  /** Why the file was skipped or refused whole, when it was. */
  skipped?: 'duplicate' | 'stale' | 'import-disabled';
  warnings?: string[];
  /** Why the job failed, when it did (the same `{code, message}` as the job's `error`). */
  failure?: { code: string; message: string };
  /** Rule list materialisations (`materialize:<listId>`): members added and removed, size after. */
  added?: number;
  removed?: number;
  size?: number;
  /** `inspect` only: the counters it leaves at 0 because they need the store. */
  needsStore?: string[];
  recordsWritten?: number;
  recordsWithoutId?: number;
  recordsSuppressed?: number;
  files?: string[];
  /** Delivery receipts: where each file went and what it took (docs/delivery.md). */
  delivery?: DeliveryReceipt;
}

/** One file a delivery put at the partner's. */
export interface DeliveredFile {
  name: string;
  /** Where it landed: `s3://bucket/key` or `sftp://user@host:port/path`. */
  location: string;
  bytes: number;
  md5: string;
  /** Uploads it took (1 when the first one was verified). */
  attempts: number;
}

/** What a delivery did: the destination, each file in the order sent, and the totals. */
export interface DeliveryReceipt {
  destination: string;
  kind: 's3' | 'sftp';
  /** 1 for the delivery after the export, 2 for its first re-delivery… */
  round: number;
  delivered: DeliveredFile[];
  bytes: number;
  /** Uploads over all files. */
  attempts: number;
}

export const MAX_RECEIPT_ERRORS = 100;

/** Every unmatched reason at zero. */
export const noUnmatched = (): UnmatchedReasons => ({
  unknownId: 0,
  noRecipient: 0,
  blocked: 0,
  forced: 0,
  encodingMismatch: 0,
});

/** Two splits of unmatched IDs added up. */
export function addReasons(a: UnmatchedReasons, b: UnmatchedReasons): UnmatchedReasons {
  const sum = noUnmatched();
  for (const reason of UNMATCHED_REASONS) sum[reason] = a[reason] + b[reason];
  return sum;
}

/** A receipt with every counter at zero. */
export function emptyReceipt(format: ReceiptFormat | null = null, mode: ReceiptMode | null = null): Receipt {
  return {
    format,
    mode,
    linesRead: 0,
    recordsProcessed: 0,
    formatErrors: 0,
    invalidIds: 0,
    unmatchedIds: 0,
    unmatched: noUnmatched(),
    pendingMemberships: 0,
    membershipsAdded: 0,
    membershipsRemoved: 0,
    idLinks: 0,
    segments: [],
    duplicate: false,
    errors: [],
  };
}
