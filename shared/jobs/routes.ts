import * as z from 'zod';
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

const linkFile = z.object({
  kind: z.enum(['receipt', 'rejected', 'unmatched', 'withoutId', 'output', 'control']),
  key: z.string(),
  url: z.string(),
  bytes: z.number(),
});

/** `GET /v1/jobs/{jobId}/files`: the job's files that exist, each with a link valid for 5 minutes. */
export const getJobFilesRoute = declareRoute({
  method: 'GET',
  path: '/v1/jobs/{jobId}/files',
  scope: 'identities:read',
  summary: "A job's receipt, rejected lines, unmatched IDs and exported files, as short-lived download links",
  params: jobIdParams,
  response: z.object({ files: z.array(linkFile), expiresAt: z.string(), info: z.unknown().optional() }),
});

/** `GET /v1/stats/overview`: drops per day by status, rows and match rate per partner. */
export const getOverviewRoute = declareRoute({
  method: 'GET',
  path: '/v1/stats/overview',
  scope: 'audiences:read',
  summary: 'Drops per day by status, and rows and match rate per partner, over the last days',
  query: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }),
});
