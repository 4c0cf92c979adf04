import { declareRoute } from '../http/RouteDeclaration.ts';
import { jobIdParams, jobListQuery } from './schemas.ts';

/** `GET /v1/jobs`: recent jobs, newest first. */
export const listJobsRoute = declareRoute({
  method: 'GET',
  path: '/v1/jobs',
  scope: 'audiences:read',
  summary: 'Recent jobs, newest first',
  query: jobListQuery,
});

/** `GET /v1/jobs/{jobId}`: one job with its receipt, never its checkpoint. */
export const getJobRoute = declareRoute({
  method: 'GET',
  path: '/v1/jobs/{jobId}',
  scope: 'audiences:read',
  summary: 'One job with its receipt',
  params: jobIdParams,
});
