import type { IdCheck } from './IdCheck.ts';

/**
 * CRM IDs, `dpid:<n>` and data-source namespaces: opaque, compared exactly after trimming; control
 * characters are refused because they break the line formats the IDs travel in.
 */
export function normaliseOpaque(trimmed: string): IdCheck {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return { ok: false, reason: 'invalid', detail: 'expected no control characters' };
  }
  return { ok: true, value: trimmed };
}
