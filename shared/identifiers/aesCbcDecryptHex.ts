import { createDecipheriv } from 'node:crypto';
import type { AesKey } from '../datasources/types.ts';
import { aesCbcCipher } from './aesCbcCipher.ts';

/**
 * Reverses `aesCbcEncryptHex`. Returns `undefined` (never throws) when the text is not hex of whole
 * blocks, the padding is wrong (most often: the wrong key) or the plain text is not UTF-8, so a
 * caller can try the next key.
 */
export function aesCbcDecryptHex(hex: string, key: AesKey): string | undefined {
  if (hex.length === 0 || hex.length % 32 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const c = aesCbcCipher(key);
  try {
    const decipher = createDecipheriv(c.algorithm, c.key, c.iv);
    const plain = Buffer.concat([decipher.update(Buffer.from(hex, 'hex')), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return undefined;
  }
}
