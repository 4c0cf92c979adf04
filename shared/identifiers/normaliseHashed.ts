import type { IdCheck } from './IdCheck.ts';
import { sha256Hex } from './sha256Hex.ts';

/** SHA-256 of the empty string: what a system hashing a missing value sends. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * `*_sha256` namespaces: 64 lowercase hex digits. A value that already is 64 hex digits is only
 * lowercased (never hashed twice); anything else is normalised with `plain` (email, phone rules)
 * and then hashed, so callers may send either form.
 */
export function normaliseHashed(trimmed: string, plain: (trimmed: string) => IdCheck): IdCheck {
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    const value = trimmed.toLowerCase();
    if (value === EMPTY_SHA256) return { ok: false, reason: 'blocked', detail: 'hash of an empty value' };
    return { ok: true, value };
  }
  const checked = plain(trimmed);
  return checked.ok ? { ok: true, value: sha256Hex(checked.value) } : checked;
}
