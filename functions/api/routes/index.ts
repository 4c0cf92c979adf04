import type { Route } from '../../../shared/http/index.ts';
import { dataSourceRoutes } from './dataSources.ts';
import { healthRoutes, jobRoutes } from './jobs.ts';
import { openApiRoutes } from './openapi.ts';

/** Routes served by the API function. */
export const apiRoutes: readonly Route[] = [
  ...healthRoutes,
  ...jobRoutes,
  ...dataSourceRoutes,
  ...openApiRoutes,
];
