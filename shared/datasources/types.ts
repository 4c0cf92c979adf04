export type DataSourceKind = 'visitor' | 'declared';
export type DataSourceEncoding = 'plain' | 'sha256' | 'aes-cbc';
export type DataSourceChannel = 'email' | 'sms' | 'other';

/**
 * What may leave through a data source's IDs, set by `admin` on the data source and applied to
 * every export keyed by it, stored or inline; a shared audience can only add to it.
 */
export interface Governance {
  /** The consent purpose the rule reads (`consent[purpose]`). */
  purpose?: string;
  /** `opt-out`: left out when `consent[purpose] === false`; `opt-in`: only when it is `true`. */
  consent: 'opt-out' | 'opt-in';
  /** A recipient carrying any of these labels is left out. */
  excludedLabels: readonly string[];
}

/** The governance of a data source that was given none: consent refusals still leave nobody out unless a purpose is named. */
export const DEFAULT_GOVERNANCE: Governance = { consent: 'opt-out', excludedLabels: [] };

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
  /**
   * DPIDs this source held before (set by the store when a PUT changes or drops its `dpid`): the
   * source that takes one of them next also finds the IDs stored under this source's name.
   */
  formerDpids?: number[];
  /** False when import is switched off for legal reasons: drops keyed by it are refused. */
  importEnabled: boolean;
  /** What may leave through its IDs (admin-set; the default when none was given). */
  governance: Governance;
  /** True when AES key material is stored (write-only). */
  hasKey: boolean;
  updatedAt: string;
}

/** AES-CBC key material, decrypted only in memory, only where needed. */
export interface AesKey {
  keyHex: string;
  ivHex: string;
}
