import crypto from 'node:crypto';

/**
 * s3rver signs ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 18+)
 * no longer offers: any truncated listing fails. Triple DES with three equal keys *is* single
 * DES, so 'des' is served by 'des-ede3-cbc' with the key repeated. Only the 'des' algorithm is
 * touched, and only in the process that runs the emulator.
 */
export function applyS3rverOpenSsl3Fix(): void {
  if (desAvailable()) return;
  const createCipheriv = crypto.createCipheriv;
  const createDecipheriv = crypto.createDecipheriv;
  const asTripleDes = (key: crypto.CipherKey) => {
    const k = Buffer.from(key as Buffer);
    return Buffer.concat([k, k, k]);
  };
  Object.assign(crypto, {
    createCipheriv: (
      algorithm: string,
      key: crypto.CipherKey,
      iv: crypto.BinaryLike | null,
      options?: never,
    ) =>
      algorithm === 'des'
        ? createCipheriv('des-ede3-cbc', asTripleDes(key), iv)
        : createCipheriv(algorithm, key, iv, options),
    createDecipheriv: (
      algorithm: string,
      key: crypto.CipherKey,
      iv: crypto.BinaryLike | null,
      options?: never,
    ) =>
      algorithm === 'des'
        ? createDecipheriv('des-ede3-cbc', asTripleDes(key), iv)
        : createDecipheriv(algorithm, key, iv, options),
  });
}

function desAvailable(): boolean {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
