/**
 * Encrypts small secrets (data-source AES keys) at rest. `seal` returns a self-describing string
 * safe to store; `open` reverses it. Implementations never log the plain text.
 */
export interface SecretBox {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}
