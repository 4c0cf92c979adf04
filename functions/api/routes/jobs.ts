import * as z from 'zod';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';
import { jobIdParams, jobListQuery } from '../../../shared/jobs/schemas.ts';

export const jobRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/jobs',
    scope: 'audiences:read',
    summary: 'Recent jobs, newest first',
    query: jobListQuery,
    async handle({ query, runtime }) {
      const page = await runtime.jobs.list(query);
      return { status: 200, body: page };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/jobs/{jobId}',
    scope: 'audiences:read',
    summary: 'One job with its receipt',
    params: jobIdParams,
    async handle({ params, runtime }) {
      const job = await runtime.jobs.get(params.jobId);
      if (!job) throw new NotFoundError(`jobId: no job ${params.jobId}`, { field: 'jobId' });
      const { checkpoint: _checkpoint, ...visible } = job;
      return { status: 200, body: visible };
    },
  }),
];

export const healthRoutes = [
  defineRoute({
    method: 'GET',
    path: '/health',
    scope: null,
    summary: 'Liveness, no token needed',
    response: z.object({ status: z.literal('ok') }),
    async handle() {
      return { status: 200, body: { status: 'ok' } };
    },
  }),
];
