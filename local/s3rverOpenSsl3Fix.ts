import crypto from 'node:crypto';

/**
 * s3rver signs ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 18+)
 * no longer offers: any truncated listing fails. Triple DES with three equal keys *is* single
 * DES, so 'des' is served by 'des-ede3-cbc' with the key repeated. Only the 'des' algorithm is
 * touched, and only in the process that runs the emulator.
 */
export function applyS3rverOpenSsl3Fix(): void {
  if (desAvailable()) return;
  type Factory = (
    algorithm: string,
    key: crypto.CipherKey,
    iv: crypto.BinaryLike | null,
    options?: never,
  ) => unknown;
  const servedByTripleDes =
    (create: Factory): Factory =>
    (algorithm, key, iv, options) => {
      if (algorithm !== 'des') return create(algorithm, key, iv, options);
      const k = Buffer.from(key as Buffer);
      return create('des-ede3-cbc', Buffer.concat([k, k, k]), iv);
    };
  Object.assign(crypto, {
    createCipheriv: servedByTripleDes(crypto.createCipheriv as Factory),
    createDecipheriv: servedByTripleDes(crypto.createDecipheriv as Factory),
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
