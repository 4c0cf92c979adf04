import type { Route } from '../../middleware/Route.ts';
import { auditRoutes } from './audit.ts';
import { dataSourceRoutes } from './dataSources.ts';
import { destinationRoutes } from './destinations.ts';
import { exportRoutes } from './exports.ts';
import { healthRoutes, jobRoutes } from './jobs.ts';
import { listRoutes } from './lists.ts';
import { openApiRoutes } from './openapi.ts';
import { partnerRoutes } from './partners.ts';
import { ruleListRoutes } from './ruleLists.ts';
import { sharedAudienceRoutes } from './sharedAudiences.ts';
import { uploadRoutes } from './uploads.ts';

/** Routes served by the API function. */
export const apiRoutes: readonly Route[] = [
  ...healthRoutes,
  ...jobRoutes,
  ...uploadRoutes,
  ...dataSourceRoutes,
  ...partnerRoutes,
  ...listRoutes,
  ...ruleListRoutes,
  ...sharedAudienceRoutes,
  ...exportRoutes,
  ...destinationRoutes,
  ...openApiRoutes,
  ...auditRoutes,
];
