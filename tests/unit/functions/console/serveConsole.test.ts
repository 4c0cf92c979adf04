import { describe, expect, it } from 'vitest';
import { consoleSettings } from '../../../../functions/console/consoleSettings.ts';
import { serveConsole } from '../../../../functions/console/serveConsole.ts';
import { apiEvent } from '../../../helpers/apiEvent.ts';

const files = [
  { path: 'index.html', body: Buffer.from('<!doctype html>'), contentType: 'text/html; charset=utf-8' },
  {
    path: 'chunks/inspect-AB12.js',
    body: Buffer.from('export{}'),
    contentType: 'text/javascript; charset=utf-8',
  },
];

describe('serveConsole', () => {
  const serve = serveConsole(
    files,
    consoleSettings({
      AB_CONSOLE_OIDC_ISSUER: 'https://login.example.com/',
      AB_CONSOLE_CLIENT_ID: 'console',
      AB_BUCKET: 'b',
      AWS_REGION: 'eu-west-1',
    }),
  );
  const get = (rawPath: string) => serve(apiEvent({ method: 'GET', path: rawPath }));

  it('serves the app shell for client routes with a CSP that allows only the bucket and the issuer', () => {
    const answer = get('/console/');
    expect(answer.statusCode).toBe(200);
    expect(Buffer.from(answer.body ?? '', 'base64').toString()).toBe('<!doctype html>');
    expect(answer.headers?.['content-security-policy']).toContain(
      "connect-src 'self' https://b.s3.eu-west-1.amazonaws.com https://login.example.com;",
    );
    expect(answer.headers?.['cache-control']).toBe('no-cache');
  });

  it('caches hashed chunks for a year and answers 404 for a missing file', () => {
    expect(get('/console/chunks/inspect-AB12.js').headers?.['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(get('/console/chunks/none.js').statusCode).toBe(404);
  });

  it('tells the browser how to sign in, and never offers the local sign-in in AWS', () => {
    expect(JSON.parse(get('/console/config.json').body ?? '')).toEqual({
      localSignIn: false,
      oidc: {
        issuer: 'https://login.example.com/',
        clientId: 'console',
        scope: 'openid audiences:read audiences:write identities:read identities:write admin',
      },
    });
  });

  it('redirects /console to /console/', () => {
    const answer = get('/console');
    expect([answer.statusCode, answer.headers?.location]).toEqual([308, '/console/']);
  });
});
