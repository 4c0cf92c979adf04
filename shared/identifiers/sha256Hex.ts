import { createHash } from 'node:crypto';

/**
 * Lowercase hex SHA-256 of a UTF-8 string, the form AAM's hashed declared IDs use.
 *
 * @example
 * sha256Hex('johndoe@example.com') // → '55e79200…041149'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
