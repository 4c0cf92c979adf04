import type { IdRef } from '../identifiers/index.ts';

/**
 * An ID after normalisation with its data source's rules: the key it is stored under, the index
 * keys that can name its recipient directly (`candidates`: a declared source's DPID alias
 * `dpid:<n>` among them, so IDs synced before the source was defined still match), and for an
 * encrypted email/SMS declared ID the decrypted address.
 */
export type Resolved =
  /** `encodingMismatch`: not in the data source's encoding (not SHA-256 hex, not decryptable). */
  | { ok: false; reason: 'invalid' | 'blocked' | 'encodingMismatch'; detail: string }
  | {
      ok: true;
      key: IdRef;
      candidates: IdRef[];
      address?: { address: string; channel: 'email' | 'sms' };
      /** A SHA-256 source's plain value, hashed here (`unhashedValues: 'hash'`). */
      hashedHere?: true;
    };
