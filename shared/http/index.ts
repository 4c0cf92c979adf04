export { type OpenApiDocument, type OpenApiDocumentOptions, openApiDocument } from './openApiDocument.ts';
export { declareRoute, type HttpMethod, type RouteDeclaration } from './RouteDeclaration.ts';
export { healthRoute, openApiRoute } from './routes.ts';
export { apiRouteTable, identityRouteTable } from './routeTables.ts';
export { atMostBytes, idValueSchema, namespaceSchema } from './schemas.ts';
