export type DataSourceKind = 'visitor' | 'declared';
export type DataSourceEncoding = 'plain' | 'sha256' | 'aes-cbc';
export type DataSourceChannel = 'email' | 'sms' | 'other';

/** A data source as the API shows it: key material never included. */
export interface DataSource {
  name: string;
  kind: DataSourceKind;
  dpid?: number;
  /** The recipient field a declared ID matches: `email`, `phone`, `recipientId` or another field. */
  reconciliationKey: string;
  encoding: DataSourceEncoding;
  channel: DataSourceChannel;
  forceReconciliation: boolean;
  /**
   * What a `sha256` source does with a value that is not 64 hex digits: `hash` it (normalised by
   * the reconciliation key, then SHA-256) or `reject` it as `encodingMismatch`. Absent: `hash`.
   */
  unhashedValues?: 'hash' | 'reject';
  /** False when import is switched off for legal reasons: drops keyed by it are refused. */
  importEnabled: boolean;
  /** True when AES key material is stored (write-only). */
  hasKey: boolean;
  updatedAt: string;
}

/** AES-CBC key material, decrypted only in memory, only where needed. */
export interface AesKey {
  keyHex: string;
  ivHex: string;
}
