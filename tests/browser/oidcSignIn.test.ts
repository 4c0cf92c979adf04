import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchBrowser } from '../helpers/browser.ts';
import { freePort } from '../helpers/childStack.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';

/** A real OpenID provider (oidc-provider) with the console as a public client, code + PKCE. */
async function startProvider(port: number, consoleUrl: string): Promise<{ issuer: string; server: Server }> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'console',
        token_endpoint_auth_method: 'none',
        redirect_uris: [consoleUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] },
    scopes: ['openid', 'audiences:read', 'audiences:write', 'identities:read', 'identities:write', 'admin'],
    clientBasedCORS: (_ctx, origin) => origin === new URL(consoleUrl).origin,
    features: {
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:audience-bridge',
        useGrantedResource: () => true,
        // The API as the resource server: JWT access tokens for its audience, with only the
        // scope this test's user may have.
        getResourceServerInfo: () => ({
          scope: 'audiences:read',
          audience: 'audience-bridge',
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, server };
}

describe.skipIf(!hasChromium)(
  `console sign-in through OpenID Connect (skipped when there is no Chromium at ${CHROMIUM})`,
  () => {
    let stack: TestStack;
    let provider: { issuer: string; server: Server };
    let browser: Browser;

    beforeAll(async () => {
      const [apiPort, idpPort] = [await freePort(), await freePort()];
      provider = await startProvider(idpPort, `http://127.0.0.1:${apiPort}/console/`);
      stack = await startTestStack({
        port: apiPort,
        env: { ...process.env, AB_CONSOLE_OIDC_ISSUER: provider.issuer, AB_CONSOLE_CLIENT_ID: 'console' },
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.stop();
      provider?.server.close();
    });

    it("signs in with the authorization code and PKCE, and shows only what the token's scope allows", async () => {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/console/`);
      await page.getByRole('button', { name: `Sign in with ${new URL(provider.issuer).host}` }).click();
      // oidc-provider's own development login form.
      await page.locator('input[name="login"]').fill('marketing-ops');
      await page.locator('input[name="password"]').fill('any');
      await page.locator('button[type="submit"]').click();
      // …and its consent page.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(page.url()).toBe(`${stack.apiUrl}/console/`);
      const nav = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
      expect(nav).toEqual(['Overview', 'Drops and jobs', 'Lists', 'Shared audiences', 'Inspect and drop']);
      expect(await page.locator('.who').textContent()).toContain('marketing-ops');
      await page.goto(`${stack.apiUrl}/console/#/audiences`);
      await page.getByRole('heading', { name: 'Shared audiences' }).waitFor();
      expect(await page.getByRole('button', { name: 'New' }).count()).toBe(0);
    });
  },
);
