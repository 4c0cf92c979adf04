export { applyMergePatch } from './applyMergePatch.ts';
export { type OpenApiDocument, type OpenApiDocumentOptions, openApiDocument } from './openApiDocument.ts';
export {
  declareRoute,
  type HttpMethod,
  JSON_MEDIA_TYPE,
  type RouteDeclaration,
} from './RouteDeclaration.ts';
export { RESERVED_KEYS } from './reservedKeys.ts';
export { healthRoute, openApiRoute } from './routes.ts';
export { apiRouteTable, consoleRouteTable, identityRouteTable } from './routeTables.ts';
export {
  atMostBytes,
  idValueSchema,
  type MapLimits,
  mapOf,
  namespaceSchema,
} from './schemas.ts';
