import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Caller } from '../../shared/auth/index.ts';
import { UnauthorizedError } from '../../shared/errors/index.ts';

type JwtContext = { jwt?: { claims?: Record<string, unknown> } };

/**
 * The caller as the HTTP API JWT authorizer (or the local stack, with the same verification)
 * left it in the request context. No claims on a protected route means no verified token.
 */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const claims = (event.requestContext as { authorizer?: JwtContext }).authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string')
    throw new UnauthorizedError('a valid bearer token is required');
  const scope = typeof claims.scope === 'string' ? claims.scope : '';
  return { subject: claims.sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
}
