import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnsupportedMediaTypeError, ValidationError } from '../../shared/errors/index.ts';
import { JSON_MEDIA_TYPE, type RouteDeclaration } from '../../shared/http/index.ts';
import { parseJsonBody } from './parseJsonBody.ts';

/** `application/json; charset=utf-8` → `application/json`. */
const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The parsed body of a route that takes one: 400 when it is missing (a PUT without a body must
 * never act as an empty one), 415 when `Content-Type` is not one the route takes, then
 * `parseJsonBody`'s checks. Routes without a body schema ignore whatever was sent.
 */
export function requestBody(
  event: APIGatewayProxyEventV2,
  route: RouteDeclaration,
  maxBytes: number,
): unknown {
  if (!route.body) return undefined;
  if (event.body === undefined || event.body === '') {
    throw new ValidationError('body: expected a JSON body', { field: 'body' });
  }
  const accepted = route.contentTypes ?? [JSON_MEDIA_TYPE];
  if (!accepted.includes(mediaTypeOf(event.headers?.['content-type']))) {
    throw new UnsupportedMediaTypeError(`content-type: expected ${accepted.join(' or ')}`, {
      field: 'content-type',
    });
  }
  return parseJsonBody(event.body, event.isBase64Encoded, maxBytes);
}
