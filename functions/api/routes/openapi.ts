import {
  apiRouteTable,
  identityRouteTable,
  type OpenApiDocument,
  openApiDocument,
  openApiRoute,
} from '../../../shared/http/index.ts';
import { serve } from '../../middleware/Route.ts';

let cached: OpenApiDocument | undefined;

/** `GET /openapi.json`: the document of every declared route (both functions'), built once per process. */
export const openApiRoutes = [
  serve(openApiRoute, async () => {
    cached ??= openApiDocument([...apiRouteTable, ...identityRouteTable]);
    return { status: 200, body: cached };
  }),
];
