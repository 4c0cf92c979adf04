/**
 * Sign-in: OpenID Connect authorization code with PKCE against the issuer the deployment trusts
 * (its access token is the API's bearer token), or, on the local stack only, a loopback sign-in.
 * The token lives in sessionStorage: it dies with the tab and is never sent anywhere but the API.
 */
export interface ConsoleConfig {
  localSignIn: boolean;
  oidc?: { issuer: string; clientId: string; scope: string };
}

export interface Session {
  token: string;
  subject: string;
  scopes: string[];
  expiresAt: number;
}

const KEY = 'audience-bridge.session';
const PENDING = 'audience-bridge.pkce';

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function toSession(token: string): Session {
  const claims = decodeClaims(token);
  return {
    token,
    subject: String(claims.sub ?? ''),
    scopes: String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean),
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

/** The current session, or undefined when signed out or expired. */
export function session(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  const current = toSession(token);
  return current.expiresAt > Date.now() ? current : undefined;
}

export function can(scope: string): boolean {
  return session()?.scopes.includes(scope) ?? false;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('config.json');
  return (await res.json()) as ConsoleConfig;
}

/** The local stack's loopback sign-in: a token with every scope, signed by the dev key. */
export async function signInLocally(): Promise<void> {
  const res = await fetch('local-sign-in', { method: 'POST' });
  if (!res.ok) throw new Error(`local sign-in refused (HTTP ${res.status})`);
  const { token } = (await res.json()) as { token: string };
  sessionStorage.setItem(KEY, token);
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

async function discover(issuer: string): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`the issuer's discovery document answered HTTP ${res.status}`);
  return res.json();
}

const redirectUri = () => `${location.origin}${location.pathname}`;

/** Sends the browser to the issuer's authorization endpoint (code flow, S256 PKCE, state). */
export async function signInWithOidc(oidc: NonNullable<ConsoleConfig['oidc']>): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const { authorization_endpoint } = await discover(oidc.issuer);
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/** On the redirect back: checks `state`, trades the code and verifier for the access token. */
export async function completeOidc(oidc: NonNullable<ConsoleConfig['oidc']>): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const refused = params.get('error');
  if (refused) {
    history.replaceState(null, '', redirectUri() + location.hash);
    throw new Error(`sign-in refused by the issuer: ${params.get('error_description') ?? refused}`);
  }
  if (!code) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', redirectUri() + location.hash);
  if (!pending || params.get('state') !== pending.state) throw new Error('sign-in: the state does not match');
  const { token_endpoint } = await discover(oidc.issuer);
  const res = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`sign-in: the token endpoint answered HTTP ${res.status}`);
  const { access_token } = (await res.json()) as { access_token: string };
  sessionStorage.setItem(KEY, access_token);
  return true;
}
