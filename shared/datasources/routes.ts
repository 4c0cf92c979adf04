import { declareRoute } from '../http/RouteDeclaration.ts';
import { dataSourceInputSchema, dataSourceNameParams } from './schemas.ts';

/** `PUT /v1/data-sources/{name}`: key material is write-only. */
export const putDataSourceRoute = declareRoute({
  method: 'PUT',
  path: '/v1/data-sources/{name}',
  scope: 'admin',
  summary: 'Create or replace a data source; a new AES key keeps the previous one for decryption',
  params: dataSourceNameParams,
  body: dataSourceInputSchema,
});

export const listDataSourcesRoute = declareRoute({
  method: 'GET',
  path: '/v1/data-sources',
  scope: 'admin',
  summary: 'Every data source, key material redacted',
});

export const getDataSourceRoute = declareRoute({
  method: 'GET',
  path: '/v1/data-sources/{name}',
  scope: 'admin',
  summary: 'One data source, key material redacted',
  params: dataSourceNameParams,
});
