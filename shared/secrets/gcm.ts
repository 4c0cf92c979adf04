import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DependencyError } from '../errors/index.ts';

/** AES-256-GCM of a UTF-8 string, `aad` authenticated with it: `iv.tag.ciphertext`, each base64url. */
export function gcmSeal(key: Buffer, plain: string, aad?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** Reverses `gcmSeal` (same `aad`); a tampered, foreign or moved value is a DependencyError (a bare 500, nothing leaked). */
export function gcmOpen(key: Buffer, sealed: string, aad?: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data) throw new DependencyError('sealed secret: unexpected format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new DependencyError('sealed secret: cannot be opened with this key', {}, { cause: error });
  }
}
