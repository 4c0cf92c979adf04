import { listAuditRoute } from '../audit/routes.ts';
import { getDataSourceRoute, listDataSourcesRoute, putDataSourceRoute } from '../datasources/routes.ts';
import {
  getDestinationRoute,
  listDestinationsRoute,
  putDestinationRoute,
  redeliverRoute,
} from '../delivery/routes.ts';
import { startExportRoute } from '../exports/routes.ts';
import { eraseIdentityRoute, getIdentityRoute, linkIdsRoute, reconcileRoute } from '../identities/routes.ts';
import { getJobFilesRoute, getJobRoute, getOverviewRoute, listJobsRoute } from '../jobs/routes.ts';
import {
  changeMembersRoute,
  createListRoute,
  getListRoute,
  listHistoryRoute,
  listListsRoute,
  listMembersRoute,
} from '../lists/routes.ts';
import { createUploadRoute } from '../objects/routes.ts';
import { getPartnerRoute, listPartnersRoute, putPartnerRoute } from '../partners/routes.ts';
import {
  deleteRecipientRoute,
  getRecipientRoute,
  patchRecipientRoute,
  putRecipientRoute,
} from '../recipients/routes.ts';
import { getRuleRoute, putRuleRoute } from '../rules/routes.ts';
import {
  getSharedAudienceRoute,
  listSharedAudiencesRoute,
  putSharedAudienceRoute,
} from '../sharedAudiences/routes.ts';
import type { RouteDeclaration } from './RouteDeclaration.ts';
import { consoleFilesRoute, consoleRoute, healthRoute, openApiRoute } from './routes.ts';

/**
 * The routes of the API function: jobs, data sources, lists, shared audiences, exports,
 * destinations and deliveries, the API description, audit. The CDK app deploys them and functions/api serves them (a test holds the two equal).
 */
export const apiRouteTable: readonly RouteDeclaration[] = [
  healthRoute,
  listJobsRoute,
  getJobRoute,
  getJobFilesRoute,
  getOverviewRoute,
  createUploadRoute,
  putDataSourceRoute,
  listDataSourcesRoute,
  getDataSourceRoute,
  putPartnerRoute,
  listPartnersRoute,
  getPartnerRoute,
  createListRoute,
  listListsRoute,
  getListRoute,
  listHistoryRoute,
  listMembersRoute,
  changeMembersRoute,
  putRuleRoute,
  getRuleRoute,
  putSharedAudienceRoute,
  listSharedAudiencesRoute,
  getSharedAudienceRoute,
  startExportRoute,
  putDestinationRoute,
  listDestinationsRoute,
  getDestinationRoute,
  redeliverRoute,
  openApiRoute,
  listAuditRoute,
];

/** The routes of the identity (reconcile) function: recipients, identities, reconcile. */
export const identityRouteTable: readonly RouteDeclaration[] = [
  putRecipientRoute,
  patchRecipientRoute,
  getRecipientRoute,
  deleteRecipientRoute,
  linkIdsRoute,
  getIdentityRoute,
  eraseIdentityRoute,
  reconcileRoute,
];

/** The routes of the console function: the web console's static files, public. */
export const consoleRouteTable: readonly RouteDeclaration[] = [consoleRoute, consoleFilesRoute];
