import { dataSourceInputSchema, dataSourceNameParams } from '../../../shared/datasources/index.ts';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';

/** `PUT|GET /v1/data-sources/{name}`, `GET /v1/data-sources`: key material is write-only. */
export const dataSourceRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/v1/data-sources/{name}',
    scope: 'admin',
    summary: 'Create or replace a data source; a new AES key keeps the previous one for decryption',
    params: dataSourceNameParams,
    body: dataSourceInputSchema,
    async handle({ params, body, runtime }) {
      return { status: 200, body: await runtime.identity.dataSources.put(params.name, body) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/data-sources',
    scope: 'admin',
    summary: 'Every data source, key material redacted',
    async handle({ runtime }) {
      return { status: 200, body: { dataSources: await runtime.identity.dataSources.list() } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/data-sources/{name}',
    scope: 'admin',
    summary: 'One data source, key material redacted',
    params: dataSourceNameParams,
    async handle({ params, runtime }) {
      const source = await runtime.identity.dataSources.get(params.name);
      if (!source) throw new NotFoundError('name: no such data source', { field: 'name' });
      return { status: 200, body: source };
    },
  }),
];
