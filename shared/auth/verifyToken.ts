import { createLocalJWKSet, type JWK, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { UnauthorizedError } from '../errors/index.ts';

export interface VerifyTokenOptions {
  issuer: string;
  audience: string;
  /** Public keys the token may be signed with (JWK, with `kid` and `alg`), or an issuer's key set. */
  keys: readonly JWK[] | JWTVerifyGetKey;
  /** Seconds of clock skew tolerated on `exp`/`nbf`; 5 by default. */
  clockToleranceSeconds?: number;
  /** Verification time (tests); now by default. */
  now?: Date;
}

/** Verified claims: a subject and the space-separated scopes, plus whatever else the token carries. */
export interface TokenClaims extends JWTPayload {
  sub: string;
  scope: string;
}

/** Only asymmetric algorithms: `none` and HMAC (key-confusion) are refused before any check. */
const ALGORITHMS = ['ES256', 'EdDSA', 'RS256'];

/** One message for every failure: the caller learns nothing about which check failed. */
const MESSAGE = 'a valid bearer token is required';

/**
 * Verifies a bearer token exactly as the API Gateway JWT authorizer does in AWS: signature by one
 * of `keys`, issuer, audience, expiry and not-before. Missing, garbage, forged, `alg: none`,
 * expired, not-yet-valid or wrong-issuer/audience tokens all throw the same `UnauthorizedError`.
 *
 * @example
 * const claims = await verifyToken(token, { issuer, audience, keys: [key.publicJwk] });
 * claims.scope.split(' ');
 */
export async function verifyToken(
  token: string | undefined,
  options: VerifyTokenOptions,
): Promise<TokenClaims> {
  if (!token) throw new UnauthorizedError(MESSAGE);
  try {
    const keys =
      typeof options.keys === 'function' ? options.keys : createLocalJWKSet({ keys: [...options.keys] });
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ALGORITHMS,
      clockTolerance: options.clockToleranceSeconds ?? 5,
      requiredClaims: ['sub', 'exp'],
      ...(options.now ? { currentDate: options.now } : {}),
    });
    if (typeof payload.sub !== 'string') throw new UnauthorizedError(MESSAGE);
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return { ...payload, sub: payload.sub, scope };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    throw new UnauthorizedError(MESSAGE, {}, { cause: error });
  }
}
