import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** One file of the built console (`console/buildConsole.ts` writes them; the handler serves them). */
export interface ConsoleFile {
  path: string;
  body: Uint8Array;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The content type of a console file, by its extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/** What the console's `config.json` tells the browser: how to sign in. */
export interface ConsoleSettings {
  localSignIn: boolean;
  oidc?: { issuer: string; clientId: string; scope: string };
  /** Origins the page may call besides its own: the bucket's (presigned uploads), the issuer's. */
  connectOrigins: string[];
}

function securityHeaders(settings: ConsoleSettings): Record<string, string> {
  const connect = ["'self'", ...settings.connectOrigins].join(' ');
  return {
    'content-security-policy': `default-src 'self'; connect-src ${connect}; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * Serves the console's static files and its `config.json` under `/console/`: hashed chunks are
 * cached for a year, the rest revalidated. Unknown paths get the app shell (client-side routes).
 */
export function serveConsole(files: readonly ConsoleFile[], settings: ConsoleSettings) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const config = JSON.stringify({
    localSignIn: settings.localSignIn,
    ...(settings.oidc ? { oidc: settings.oidc } : {}),
  });
  const headers = securityHeaders(settings);
  return (event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 => {
    const path = event.rawPath.replace(/^\/console\/?/, '');
    if (event.rawPath === '/console') {
      return { statusCode: 308, headers: { location: '/console/', ...headers }, body: '' };
    }
    if (path === 'config.json') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
        body: config,
      };
    }
    const file = byPath.get(path) ?? (path.includes('.') ? undefined : byPath.get('index.html'));
    if (!file) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ error: { code: 'not_found', message: `path: no console file ${path}` } }),
      };
    }
    return {
      statusCode: 200,
      headers: {
        'content-type': file.contentType,
        'cache-control': path.startsWith('chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...headers,
      },
      body: Buffer.from(file.body).toString('base64'),
      isBase64Encoded: true,
    };
  };
}
