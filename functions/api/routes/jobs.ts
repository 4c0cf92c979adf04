import { NotFoundError } from '../../../shared/errors/index.ts';
import { healthRoute } from '../../../shared/http/index.ts';
import { listJobFiles, loadOverview, publicJob } from '../../../shared/jobs/index.ts';
import {
  getJobFilesRoute,
  getJobRoute,
  getOverviewRoute,
  listJobsRoute,
} from '../../../shared/jobs/routes.ts';
import { serve } from '../../middleware/Route.ts';

export const jobRoutes = [
  serve(listJobsRoute, async ({ query, runtime }) => {
    const page = await runtime.jobs.list(query);
    return { status: 200, body: { ...page, jobs: page.jobs.map(publicJob) } };
  }),
  serve(getJobRoute, async ({ params, runtime }) => {
    const job = await runtime.jobs.get(params.jobId);
    if (!job) throw new NotFoundError(`jobId: no job ${params.jobId}`, { field: 'jobId' });
    return { status: 200, body: publicJob(job) };
  }),
  serve(getJobFilesRoute, async ({ params, runtime }) => {
    const job = await runtime.jobs.get(params.jobId);
    if (!job) throw new NotFoundError(`jobId: no job ${params.jobId}`, { field: 'jobId' });
    return { status: 200, body: await listJobFiles(job, runtime.links, runtime.now()) };
  }),
  serve(getOverviewRoute, async ({ query, runtime }) => ({
    status: 200,
    body: await loadOverview(runtime.jobs, runtime.now(), query.days),
  })),
];

export const healthRoutes = [serve(healthRoute, async () => ({ status: 200, body: { status: 'ok' } }))];
