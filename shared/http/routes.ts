import * as z from 'zod';
import { declareRoute } from './RouteDeclaration.ts';

/** `GET /health`: liveness, no token needed. */
export const healthRoute = declareRoute({
  method: 'GET',
  path: '/health',
  scope: null,
  summary: 'Liveness, no token needed',
  response: z.object({ status: z.literal('ok') }),
});

/** `GET /openapi.json`: the OpenAPI 3.1 description of the whole HTTP API, no token needed. */
export const openApiRoute = declareRoute({
  method: 'GET',
  path: '/openapi.json',
  scope: null,
  summary: 'The OpenAPI 3.1 description of this API, no token needed',
  response: z
    .object({ openapi: z.string(), info: z.object({}).loose(), paths: z.object({}).loose() })
    .loose(),
});

/** `GET /console`: the web console (redirects to `/console/`); its data calls need a token. */
export const consoleRoute = declareRoute({
  method: 'GET',
  path: '/console',
  scope: null,
  summary: 'The web console',
});

/** `GET /console/{proxy+}`: the web console's files and `config.json` (how to sign in). */
export const consoleFilesRoute = declareRoute({
  method: 'GET',
  path: '/console/{proxy+}',
  scope: null,
  summary: "The web console's files",
});
