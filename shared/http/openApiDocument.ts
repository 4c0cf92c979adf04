import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ERROR_CODES } from '../errors/index.ts';
import { JSON_MEDIA_TYPE, type RouteDeclaration } from './RouteDeclaration.ts';

/** The generated document (an OpenAPI 3.1 `OpenAPIObject`). */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export interface OpenApiDocumentOptions {
  /** `info.version`; defaults to the package version the API ships with. */
  version?: string;
  /** Where the API is served, e.g. `[{ url: 'http://127.0.0.1:3000' }]`; default the serving origin (`/`). */
  servers?: { url: string; description?: string }[];
}

const BEARER = 'bearerAuth';

// `id` makes the generator emit it once, as `#/components/schemas/Error`.
const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().describe('Names the field or line at fault, never a personal value'),
    }),
  })
  .meta({ id: 'Error' });

/** `{name}` segments of an API Gateway path, in order. */
const pathParamNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] ?? '');

/** `GET /v1/jobs/{jobId}` → `getV1JobsByJobId`: stable, unique per method and path. */
function operationId(route: RouteDeclaration): string {
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+?)\+?\}$/.exec(segment)?.[1];
      const text = param ? `by-${param}` : segment;
      return text
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map(cap)
        .join('');
    });
  return route.method.toLowerCase() + words.join('');
}

/** `/v1/data-sources/{name}` → `data-sources`; `/health` → `health`. */
function tagOf(path: string): string {
  const segments = path.split('/').filter((s) => s && !/^v\d+$/.test(s));
  return (segments[0] ?? 'root').replace(/\.json$/, '');
}

/** Path parameters as a zod object: the route's own schema, or every `{name}` as a string. */
function paramsSchema(route: RouteDeclaration): z.ZodObject | z.ZodPipe | undefined {
  if (route.params instanceof z.ZodObject || route.params instanceof z.ZodPipe) return route.params;
  const names = pathParamNames(route.path);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
}

function querySchema(route: RouteDeclaration): z.ZodObject | z.ZodPipe | undefined {
  return route.query instanceof z.ZodObject || route.query instanceof z.ZodPipe ? route.query : undefined;
}

function errorResponses(route: RouteDeclaration): RouteConfig['responses'] {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  const responses: RouteConfig['responses'] = {};
  if (route.params || route.query || route.body || pathParamNames(route.path).length > 0) {
    responses['400'] = error('Bad input; the message names the field');
  }
  if (route.scope) {
    responses['401'] = error('Missing, forged, expired or wrong-audience token');
    responses['403'] = error(`The token lacks the scope ${route.scope}`);
  }
  if (pathParamNames(route.path).length > 0) responses['404'] = error('Not found');
  if (route.body) {
    responses['413'] = error('Body over the size limit, or an item over the 400 KB store limit');
    responses['415'] = error(
      `A body in another media type than ${(route.contentTypes ?? [JSON_MEDIA_TYPE]).join(' or ')}`,
    );
  }
  return responses;
}

function toRouteConfig(route: RouteDeclaration): RouteConfig {
  const status = String(route.status ?? 200);
  const params = paramsSchema(route);
  const query = querySchema(route);
  const body = route.body;
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    operationId: operationId(route),
    summary: route.summary,
    tags: [tagOf(route.path)],
    ...(route.scope ? { description: `Needs a bearer token with the scope \`${route.scope}\`.` } : {}),
    security: route.scope ? [{ [BEARER]: [route.scope] }] : [],
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(body
        ? {
            body: {
              required: true,
              content: Object.fromEntries(
                (route.contentTypes ?? [JSON_MEDIA_TYPE]).map((type) => [type, { schema: body }]),
              ),
            },
          }
        : {}),
    },
    responses: {
      [status]: {
        description: route.summary,
        ...(route.response ? { content: { 'application/json': { schema: route.response } } } : {}),
      },
      ...errorResponses(route),
    },
  };
}

/** A regex's flags after its source, as `/…/u`. Sources escape every `/`, so a bare one starts flags. */
const REGEX_FLAGS = /(?<!\\)\/[dgimsuvy]+$/;

/**
 * Patterns as JSON Schema wants them: ECMA-262 sources without `/flags`. The generator writes a
 * zod regex with `toString()`, leaving `/u` on patterns such as `\p{Cc}` ones (which JSON Schema
 * validators read with Unicode semantics anyway).
 */
function withPlainPatterns<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withPlainPatterns) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      key === 'pattern' && typeof item === 'string' ? item.replace(REGEX_FLAGS, '') : withPlainPatterns(item);
  }
  return out as T;
}

/**
 * The OpenAPI 3.1 description of a route table, generated from the very zod schemas the routes
 * validate with, so the document cannot drift from what the API accepts. Scoped routes get
 * bearer-JWT security naming their scope; public routes an empty security list.
 *
 * @example
 * const doc = openApiDocument([...apiRouteTable, ...identityRouteTable], { servers: [{ url: apiUrl }] });
 * doc.paths['/v1/jobs/{jobId}'].get.operationId; // 'getV1JobsByJobId'
 */
export function openApiDocument(
  routes: readonly RouteDeclaration[],
  options: OpenApiDocumentOptions = {},
): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT whose `scope` claim lists the scopes the route needs',
  });
  for (const route of routes) registry.registerPath(toRouteConfig(route));
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'audience-bridge',
      version: options.version ?? '0.1.0',
      description:
        'Share audiences between a marketing system and a data-management platform: lists, identities, ' +
        'reconciliation, shared audiences, exports and jobs.',
    },
    servers: options.servers ?? [{ url: '/', description: 'The origin this document is served from' }],
  });
  return withPlainPatterns(document);
}
