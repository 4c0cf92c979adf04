import type { IdCheck } from './IdCheck.ts';

const MAX_HALF = 9223372036854775807n;

/**
 * ECID / MCID / AAM UUID: 38 decimal digits, two 19-digit halves each ≤ 2^63−1 (signed 64-bit);
 * leading zeros allowed.
 */
export function normaliseVisitorId(trimmed: string): IdCheck {
  if (!/^\d{38}$/.test(trimmed)) return { ok: false, reason: 'invalid', detail: 'expected 38 digits' };
  if (BigInt(trimmed.slice(0, 19)) > MAX_HALF || BigInt(trimmed.slice(19)) > MAX_HALF) {
    return {
      ok: false,
      reason: 'invalid',
      detail: 'expected each 19-digit half at most 9223372036854775807',
    };
  }
  return { ok: true, value: trimmed };
}
