export { type OpenApiDocument, type OpenApiDocumentOptions, openApiDocument } from './openApiDocument.ts';
export { defineRoute, type HttpMethod, type Route, type RouteAnswer, type RouteInput } from './Route.ts';
export { atMostBytes, idValueSchema, namespaceSchema } from './schemas.ts';
