import {
  getDataSourceRoute,
  listDataSourcesRoute,
  putDataSourceRoute,
} from '../../../shared/datasources/routes.ts';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { serve } from '../../middleware/Route.ts';

/** `PUT|GET /v1/data-sources/{name}`, `GET /v1/data-sources`: key material is write-only. */
export const dataSourceRoutes = [
  serve(putDataSourceRoute, async ({ params, body, runtime }) => {
    return { status: 200, body: await runtime.identity.dataSources.put(params.name, body) };
  }),
  serve(listDataSourcesRoute, async ({ runtime }) => {
    return { status: 200, body: { dataSources: await runtime.identity.dataSources.list() } };
  }),
  serve(getDataSourceRoute, async ({ params, runtime }) => {
    const source = await runtime.identity.dataSources.get(params.name);
    if (!source) throw new NotFoundError('name: no such data source', { field: 'name' });
    return { status: 200, body: source };
  }),
];
