/**
 * What a sealed secret belongs to (`dataSource/<name>`, `destination/<name>`): bound into the
 * ciphertext (KMS encryption context, GCM additional data), so a secret copied onto another owner's
 * item does not open there.
 */
export type SecretOwner = `dataSource/${string}` | `destination/${string}`;

/** The encryption-context key naming the owner (the KMS grants are conditioned on it). */
export const SECRET_CONTEXT_KEY = 'audience-bridge:secret';

/**
 * Encrypts small secrets (data-source AES keys, destination credentials) at rest. `seal` returns a
 * self-describing string safe to store; `open` reverses it for the same owner only.
 * Implementations never log the plain text.
 */
export interface SecretBox {
  seal(plain: string, owner: SecretOwner): Promise<string>;
  open(sealed: string, owner: SecretOwner): Promise<string>;
}
