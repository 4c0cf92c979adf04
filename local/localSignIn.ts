import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SCOPES, type SigningKey, signToken } from '../shared/auth/index.ts';

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

function refuse(statusCode: number, message: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code: 'forbidden', message } }),
  };
}

/**
 * The local stack's console sign-in (`POST /console/local-sign-in`): a one-hour token with every
 * scope, signed by the dev key, for a browser on this machine only. Refused unless the caller is
 * on the loopback address, the `Host` names a loopback address (no DNS rebinding) and an `Origin`,
 * when sent, is that same host (no other site's page can ask for it). Never part of the AWS stack.
 */
export function localSignIn(options: { key: SigningKey; issuer: string; audience: string }) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const host = event.headers.host ?? '';
    const origin = event.headers.origin;
    if (!LOOPBACK_IPS.has(event.requestContext.http.sourceIp)) return refuse(403, 'caller: not this machine');
    if (!LOOPBACK_HOST.test(host)) return refuse(403, 'host: expected a loopback address');
    if (origin !== undefined && origin !== `http://${host}`)
      return refuse(403, 'origin: expected the console itself');
    const token = await signToken({
      ...options,
      subject: 'local-console',
      scope: SCOPES.join(' '),
      ttlSeconds: 3600,
    });
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ token }),
    };
  };
}
