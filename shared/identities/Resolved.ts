import type { IdRef } from '../identifiers/index.ts';

/**
 * An ID after normalisation with its data source's rules: the key it is stored under, the index
 * keys that can name its recipient directly (`candidates`), and for an encrypted email/SMS
 * declared ID the decrypted address.
 */
export type Resolved =
  | { ok: false; reason: 'invalid' | 'blocked'; detail: string }
  | {
      ok: true;
      key: IdRef;
      candidates: IdRef[];
      address?: { address: string; channel: 'email' | 'sms' };
    };
