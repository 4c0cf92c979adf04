import type { Route } from '../../../shared/http/index.ts';
import { healthRoutes, jobRoutes } from './jobs.ts';

/** Routes served by the API function. */
export const apiRoutes: readonly Route[] = [...healthRoutes, ...jobRoutes];
