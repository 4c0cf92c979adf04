import type { IdCheck } from './IdCheck.ts';

/** 2^63−1: the largest signed 64-bit value, 19 digits like each half. */
const MAX_HALF = '9223372036854775807';

/**
 * ECID / MCID / AAM UUID: 38 decimal digits, two 19-digit halves each ≤ 2^63−1 (signed 64-bit);
 * leading zeros allowed. Runs once per row of a visitor-ID drop, so no regex and no BigInt: two
 * 19-digit strings of digits compare numerically exactly as they compare as strings.
 */
export function normaliseVisitorId(trimmed: string): IdCheck {
  if (trimmed.length !== 38 || !allDigits(trimmed)) {
    return { ok: false, reason: 'invalid', detail: 'expected 38 digits' };
  }
  if (trimmed.slice(0, 19) > MAX_HALF || trimmed.slice(19) > MAX_HALF) {
    return {
      ok: false,
      reason: 'invalid',
      detail: 'expected each 19-digit half at most 9223372036854775807',
    };
  }
  return { ok: true, value: trimmed };
}

function allDigits(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
