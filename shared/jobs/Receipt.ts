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
    membershipsAdded: 0,
    membershipsRemoved: 0,
    idLinks: 0,
    segments: [],
    duplicate: false,
    errors: [],
  };
}
