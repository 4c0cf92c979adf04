import type { Job } from './Job.ts';
import type { JobStore } from './JobStore.ts';
import { type Overview, overviewOf } from './overviewOf.ts';

/** Most drops one overview reads (100 pages of 100): past it the oldest days are under-counted. */
export const OVERVIEW_MAX_DROPS = 10_000;

/**
 * The console's overview: reads ingest jobs newest first until one is older than `days` days (or
 * {@link OVERVIEW_MAX_DROPS} were read) and sums them with {@link overviewOf}.
 *
 * @example
 * await loadOverview(jobs, new Date(), 30);
 */
export async function loadOverview(jobs: Pick<JobStore, 'list'>, now: Date, days: number): Promise<Overview> {
  const since = now.getTime() - days * 86_400_000;
  const drops: Job[] = [];
  let cursor: string | undefined;
  do {
    const page = await jobs.list({ type: 'ingest', limit: 100, ...(cursor ? { cursor } : {}) });
    drops.push(...page.jobs);
    cursor = page.jobs.some((job) => Date.parse(job.createdAt) < since) ? undefined : page.cursor;
  } while (cursor && drops.length < OVERVIEW_MAX_DROPS);
  return overviewOf(drops, now, days);
}
