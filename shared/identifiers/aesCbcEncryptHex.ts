import { createCipheriv } from 'node:crypto';
import type { AesKey } from '../datasources/types.ts';
import { aesCbcCipher } from './aesCbcCipher.ts';

/**
 * AES-CBC (PKCS#7) of a UTF-8 string, lowercase hex: AAM's encrypted declared-ID form.
 *
 * @example
 * aesCbcEncryptHex('johndoe@example.com', { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' })
 * // → 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365'
 */
export function aesCbcEncryptHex(plain: string, key: AesKey): string {
  const c = aesCbcCipher(key);
  const cipher = createCipheriv(c.algorithm, c.key, c.iv);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('hex');
}
