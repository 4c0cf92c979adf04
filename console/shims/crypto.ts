import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * `node:crypto` for the browser build of the parsers: SHA-256 (hashed declared IDs) on
 * @noble/hashes. AES-CBC needs a data source's key, which a browser never holds: it throws.
 */
export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`${algorithm}: not available in the browser`);
  const state = sha256.create();
  const hash = {
    update(data: string | Uint8Array) {
      state.update(typeof data === 'string' ? utf8ToBytes(data) : data);
      return hash;
    },
    digest(encoding: 'hex') {
      if (encoding !== 'hex') throw new Error('only hex digests in the browser');
      return bytesToHex(state.digest());
    },
  };
  return hash;
}

function unavailable(): never {
  throw new Error('AES-CBC: not available in the browser (no data-source key there)');
}

export const createCipheriv = unavailable;
export const createDecipheriv = unavailable;
