import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerOf,
  loadSigningKey,
  SIGNING_KEY_FILE,
  type SigningKey,
  signToken,
  verifyToken,
} from '../../../shared/auth/index.ts';
import { UnauthorizedError } from '../../../shared/errors/index.ts';

const issuer = 'audience-bridge-local';
const audience = 'audience-bridge';
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

describe('verifyToken', () => {
  let home: string;
  let key: SigningKey;
  let options: Parameters<typeof verifyToken>[1];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'ab-auth-'));
    key = await loadSigningKey(home);
    options = { issuer, audience, keys: [key.publicJwk], now: NOW };
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const sign = (scope = 'audiences:read admin', ttlSeconds = 3600, now = NOW) =>
    signToken({ key, issuer, audience, scope, ttlSeconds, now, subject: 'tester' });

  async function rejects(token: string | undefined): Promise<UnauthorizedError> {
    const error = await verifyToken(token, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).message).toBe('a valid bearer token is required');
    return error as UnauthorizedError;
  }

  it('returns the subject and scopes when the token is valid', async () => {
    const claims = await verifyToken(await sign(), options);
    expect(claims.sub).toBe('tester');
    expect(claims.scope).toBe('audiences:read admin');
    expect(claims.iss).toBe(issuer);
    expect(claims.exp).toBe(nowSeconds + 3600);
  });

  it('throws 401 when the token is missing or empty', async () => {
    expect((await rejects(undefined)).statusCode).toBe(401);
    await rejects('');
  });

  it('throws 401 when the token is garbage', async () => {
    await rejects('not-a-jwt');
    await rejects('a.b.c');
  });

  it('throws 401 when the token is signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT({ scope: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('tester')
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .sign(other.privateKey);
    await rejects(forged);
  });

  it('throws 401 when the token says alg none', async () => {
    const unsigned = new UnsecuredJWT({ scope: 'admin' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('tester')
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .encode();
    await rejects(unsigned);
  });

  it('throws 401 when an HMAC token is keyed with the public key (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(
      JSON.stringify(await exportJWK(await generateKeyPair('ES256').then((p) => p.publicKey))),
    );
    const hmac = await new SignJWT({ scope: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('tester')
      .setExpirationTime(nowSeconds + 60)
      .sign(secret);
    await rejects(hmac);
  });

  it('throws 401 when the token expired', async () => {
    await rejects(await sign('admin', 60, new Date(NOW.getTime() - 120_000)));
  });

  it('throws 401 when the token is not yet valid', async () => {
    await rejects(await sign('admin', 3600, new Date(NOW.getTime() + 600_000)));
  });

  it('throws 401 when the issuer or the audience is wrong', async () => {
    const token = await sign();
    await expect(verifyToken(token, { ...options, issuer: 'someone-else' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(verifyToken(token, { ...options, audience: 'other-api' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('accepts a token within the 5 s clock tolerance when it just expired', async () => {
    const claims = await verifyToken(await sign('admin', 60, new Date(NOW.getTime() - 62_000)), options);
    expect(claims.scope).toBe('admin');
  });
});

describe('loadSigningKey', () => {
  it('creates the key file with mode 0600 once and returns the same key afterwards', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ab-key-'));
    try {
      const [a, b] = await Promise.all([
        loadSigningKey(join(home, 'nested')),
        loadSigningKey(join(home, 'nested')),
      ]);
      const c = await loadSigningKey(join(home, 'nested'));
      expect(a.kid).toBe(b.kid);
      expect(c.publicJwk).toEqual(a.publicJwk);
      expect(c.privateJwk.d).toBe(a.privateJwk.d);
      expect(statSync(join(home, 'nested', SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(a.publicJwk.d).toBeUndefined();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('bearerOf', () => {
  it('extracts the token when the scheme is Bearer in any case', () => {
    expect(bearerOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerOf('bearer   xyz')).toBe('xyz');
  });

  it('returns undefined when the header is absent or another scheme', () => {
    expect(bearerOf(undefined)).toBeUndefined();
    expect(bearerOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerOf('Bearer')).toBeUndefined();
  });
});
