import { importJWK, SignJWT } from 'jose';
import type { SigningKey } from './loadSigningKey.ts';

export interface SignTokenOptions {
  key: SigningKey;
  issuer: string;
  audience: string;
  /** Token subject; `local-user` by default. */
  subject?: string;
  /** Space-separated scopes, as in the `scope` claim. */
  scope: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
  /** Issue time (tests); now by default. */
  now?: Date;
}

/**
 * Signs a bearer token for the local stack (what `audience-bridge token` prints). In AWS tokens
 * come from the identity provider; this exists for the local stack and tests.
 *
 * @example
 * const token = await signToken({ key, issuer: 'audience-bridge-local', audience: 'audience-bridge',
 *   scope: 'audiences:read', ttlSeconds: 3600 });
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const privateKey = await importJWK(options.key.privateJwk, options.key.alg);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ scope: options.scope })
    .setProtectedHeader({ alg: options.key.alg, kid: options.key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(options.subject ?? 'local-user')
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .sign(privateKey);
}
