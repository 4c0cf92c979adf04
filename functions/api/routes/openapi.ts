import * as z from 'zod';
import { defineRoute, type OpenApiDocument } from '../../../shared/http/index.ts';

let cached: OpenApiDocument | undefined;

/** Builds the document once per process from every served route table. */
async function servedDocument(): Promise<OpenApiDocument> {
  if (!cached) {
    // Imported here, not at the top: both tables include this very route (a module cycle otherwise).
    const [{ apiRoutes }, { identityRoutes }, { openApiDocument }] = await Promise.all([
      import('./index.ts'),
      import('../../reconcile/routes/index.ts'),
      import('../../../shared/http/openApiDocument.ts'),
    ]);
    cached = openApiDocument([...apiRoutes, ...identityRoutes]);
  }
  return cached;
}

/** `GET /openapi.json`: the OpenAPI 3.1 description of the whole HTTP API, no token needed. */
export const openApiRoutes = [
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    scope: null,
    summary: 'The OpenAPI 3.1 description of this API, no token needed',
    response: z
      .object({ openapi: z.string(), info: z.object({}).loose(), paths: z.object({}).loose() })
      .loose(),
    async handle() {
      return { status: 200, body: await servedDocument() };
    },
  }),
];
