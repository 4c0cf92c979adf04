import { createHash } from 'node:crypto';

/** Hex characters kept of a hashed target: 64 bits, enough to find a record, too few to index a table of values. */
const HASH_HEX = 16;

/**
 * A non-personal reference to a personal value (a recipient ID): `sha256:` and the first 16 hex
 * characters of its SHA-256. An admin who already knows the value can find its records by hashing
 * it; the record alone does not reveal it.
 *
 * @example
 * hashedTarget('r-1'); // 'sha256:' + 16 hex characters
 */
export function hashedTarget(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, HASH_HEX)}`;
}
