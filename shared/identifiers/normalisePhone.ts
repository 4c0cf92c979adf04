import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { IdCheck } from './IdCheck.ts';

/**
 * Phone: E.164 (`+` and digits) through libphonenumber-js. The number must carry its country code
 * (`+…` or the international `00…` prefix); separators are ignored; it must be a valid number.
 */
export function normalisePhone(trimmed: string): IdCheck {
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  if (!international.startsWith('+')) {
    return { ok: false, reason: 'invalid', detail: 'expected an international number starting with +' };
  }
  const parsed = parsePhoneNumberFromString(international);
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid', detail: 'expected a valid phone number' };
  return { ok: true, value: parsed.number };
}
