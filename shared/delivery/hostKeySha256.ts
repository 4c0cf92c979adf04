import { createHash } from 'node:crypto';

/**
 * The SHA-256 fingerprint of an SSH host key blob as OpenSSH prints it (`ssh-keygen -lf`,
 * `ssh-keyscan | ssh-keygen -lf -`): `SHA256:` and the unpadded base64 of the hash.
 *
 * @example
 * hostKeySha256(hostKeyBlob); // 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s'
 */
export function hostKeySha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
