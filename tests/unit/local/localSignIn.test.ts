import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { localSignIn } from '../../../local/localSignIn.ts';
import { loadSigningKey, SCOPES, type SigningKey, verifyToken } from '../../../shared/auth/index.ts';
import { apiEvent } from '../../helpers/apiEvent.ts';

describe('localSignIn', () => {
  const request = (headers: Record<string, string>, sourceIp = '127.0.0.1') => {
    const event = apiEvent({ method: 'POST', path: '/console/local-sign-in', scope: null });
    event.headers = headers;
    event.requestContext.http.sourceIp = sourceIp;
    return event;
  };

  it('gives a browser on this machine a one-hour token with every scope that the local authorizer accepts', async () => {
    const key: SigningKey = await loadSigningKey(mkdtempSync(join(tmpdir(), 'ab-key-')));
    const signIn = localSignIn({ key, issuer: 'audience-bridge-local', audience: 'audience-bridge' });
    const answer = await signIn(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }));
    expect(answer.statusCode).toBe(200);
    const { token } = JSON.parse(answer.body ?? '') as { token: string };
    const claims = await verifyToken(token, {
      issuer: 'audience-bridge-local',
      audience: 'audience-bridge',
      keys: [key.publicJwk],
    });
    expect(claims.scope).toBe(SCOPES.join(' '));
    expect((claims.exp ?? 0) - (decodeJwt(token).iat ?? 0)).toBe(3600);
  });

  it.each([
    ['another machine', { host: '127.0.0.1:3000' }, '10.0.0.5', 'caller: not this machine'],
    ['a rebound DNS name', { host: 'evil.example:3000' }, '127.0.0.1', 'host: expected a loopback address'],
    [
      "another site's page",
      { host: 'localhost:3000', origin: 'http://evil.example' },
      '::1',
      'origin: expected the console itself',
    ],
  ])('refuses %s with 403', async (_case, headers, ip, message) => {
    const key = await loadSigningKey(mkdtempSync(join(tmpdir(), 'ab-key-')));
    const answer = await localSignIn({ key, issuer: 'i', audience: 'a' })(request(headers, ip));
    expect([answer.statusCode, JSON.parse(answer.body ?? '').error.message]).toEqual([403, message]);
  });
});
