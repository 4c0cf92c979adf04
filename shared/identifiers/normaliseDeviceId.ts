import type { IdCheck } from './IdCheck.ts';

/**
 * IDFA / GAID: a UUID (8-4-4-4-12 hex). IDFA is written uppercase (Apple's form), GAID lowercase
 * (Google's form), so the same device always gives the same key.
 */
export function normaliseDeviceId(trimmed: string, upper: boolean): IdCheck {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(trimmed)) {
    return { ok: false, reason: 'invalid', detail: 'expected a UUID (8-4-4-4-12 hex digits)' };
  }
  return { ok: true, value: upper ? trimmed.toUpperCase() : trimmed.toLowerCase() };
}
