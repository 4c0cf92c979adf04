import type { AesKey } from '../datasources/types.ts';
import { ValidationError } from '../errors/index.ts';

const KEY_HEX_LENGTHS: Readonly<Record<number, string>> = {
  32: 'aes-128-cbc',
  48: 'aes-192-cbc',
  64: 'aes-256-cbc',
};

/** The node:crypto algorithm and buffers of a hex key; a malformed key is a 400 naming `aes`. */
export function aesCbcCipher(key: AesKey): { algorithm: string; key: Buffer; iv: Buffer } {
  const algorithm = KEY_HEX_LENGTHS[key.keyHex.length];
  if (!algorithm || !/^[0-9a-fA-F]+$/.test(key.keyHex)) {
    throw new ValidationError('aes.keyHex: expected 32, 48 or 64 hex digits (128/192/256 bits)', {
      field: 'aes.keyHex',
    });
  }
  if (!/^[0-9a-fA-F]{32}$/.test(key.ivHex)) {
    throw new ValidationError('aes.ivHex: expected 32 hex digits (128 bits)', { field: 'aes.ivHex' });
  }
  return { algorithm, key: Buffer.from(key.keyHex, 'hex'), iv: Buffer.from(key.ivHex, 'hex') };
}
