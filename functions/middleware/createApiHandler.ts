import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouterHandler, { type Route as MiddyRoute } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { ApiCallAudit, statusOfError } from '../../shared/audit/index.ts';
import { ForbiddenError, fromZodError, ValidationError } from '../../shared/errors/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { getRuntime } from '../runtime.ts';
import { callerOf } from './callerOf.ts';
import { errorHandler } from './errorHandler.ts';
import { jsonAnswer } from './jsonAnswer.ts';
import type { Route } from './Route.ts';
import { requestBody } from './requestBody.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, where);
  return parsed.data;
}

/** Path parameters arrive percent-encoded (`dpid%3A999999`); a malformed escape is a 400. */
function decodeParams(raw: Record<string, string | undefined> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new ValidationError(`${name}: expected a URL-encoded path segment`, { field: name });
    }
  }
  return params;
}

/** Adapts one route definition to a Lambda handler: caller, scope, input validation, answer. */
function adapt(route: Route): MiddyRoute<Event, Result> {
  return {
    method: route.method,
    path: route.path,
    handler: async (event: Event) => {
      const runtime = getRuntime();
      // Every non-GET call is audited under its route template (raw paths carry IDs and emails).
      const audit =
        route.method === 'GET'
          ? undefined
          : new ApiCallAudit(runtime.audit, `${route.method} ${route.path}`, runtime.now);
      try {
        const caller = route.scope ? callerOf(event) : { subject: 'anonymous', scopes: new Set<string>() };
        audit?.identify(caller.subject);
        if (route.scope && !caller.scopes.has(route.scope)) {
          throw new ForbiddenError(`this route needs the scope ${route.scope}`);
        }
        const params = validate(route.params, decodeParams(event.pathParameters), 'path');
        const query = validate(route.query, event.queryStringParameters ?? {}, 'query');
        const rawBody = requestBody(event, route, runtime.config.maxBodyBytes);
        const body = validate(route.body, rawBody, 'body');
        await audit?.begin(params);
        const answer = await route.handle({ params, query, body, caller, runtime });
        await audit?.finish(answer.status, answer);
        return jsonAnswer(answer.status, answer.body);
      } catch (error) {
        await audit?.finish(statusOfError(error));
        throw error;
      }
    },
  };
}

/**
 * The HTTP API Lambda handler for a table of routes: middy router, logger context, one error
 * handler. The local stack calls the very same handler with API Gateway v2 events.
 *
 * @example
 * export const handler = createApiHandler([...listRoutes, ...jobRoutes]);
 */
export function createApiHandler(routes: readonly Route[]) {
  return middy<Event, Result>()
    .use(injectLambdaContext(logger))
    .use(errorHandler())
    .handler(httpRouterHandler<Event, Result>(routes.map(adapt)));
}
