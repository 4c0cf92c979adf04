import { createRemoteJWKSet, decodeJwt } from 'jose';
import { type SigningKey, type TokenClaims, verifyToken } from '../shared/auth/index.ts';
import type { Config } from '../shared/config/index.ts';

/**
 * The local stack's JWT authorizer: tokens signed by the dev key (`audience-bridge token`, the
 * console's local sign-in) and, when `oidcIssuer` is set (`AB_CONSOLE_OIDC_ISSUER`), tokens of
 * that OpenID provider, checked against its published keys as API Gateway's authorizer does.
 *
 * @example
 * const verify = await localAuthorizer({ signingKey, config, oidcIssuer: 'https://login.example.com/' });
 */
export async function localAuthorizer(options: {
  signingKey: SigningKey;
  config: Pick<Config, 'jwtIssuer' | 'jwtAudience'>;
  oidcIssuer?: string | undefined;
}): Promise<(token: string | undefined) => Promise<TokenClaims>> {
  const { config, signingKey, oidcIssuer } = options;
  const local = { issuer: config.jwtIssuer, audience: config.jwtAudience, keys: [signingKey.publicJwk] };
  if (!oidcIssuer) return (token) => verifyToken(token, local);
  const discovery = (await (
    await fetch(`${oidcIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
  ).json()) as { issuer: string; jwks_uri: string };
  const provider = {
    issuer: discovery.issuer,
    audience: config.jwtAudience,
    keys: createRemoteJWKSet(new URL(discovery.jwks_uri)),
  };
  return (token) => {
    let issuer: unknown;
    try {
      issuer = token ? decodeJwt(token).iss : undefined;
    } catch {
      // Not a JWT: verifyToken refuses it with the one 401 message.
    }
    return verifyToken(token, issuer === provider.issuer ? provider : local);
  };
}
