import type { Job } from '../../shared/jobs/index.ts';

/** The partner of a drop: the folder under `inbound/` (`inbound/a.sync` has none: the default). */
export function partnerOf(job: Job): string {
  const key = job.source?.key ?? '';
  const parts = key.split('/');
  return parts[0] === 'inbound' && parts.length > 2
    ? (parts[1] ?? '')
    : job.type === 'ingest'
      ? 'default'
      : '–';
}

/** Share of the valid IDs that reconciled (or were kept as address-only members). */
export function matchRate(job: Job): number | undefined {
  const { recordsProcessed, unmatchedIds } = job.receipt;
  return recordsProcessed > 0 ? (recordsProcessed - unmatchedIds) / recordsProcessed : undefined;
}

export const jobHref = (jobId: string) => `#/jobs/${encodeURIComponent(jobId)}`;
export const isLive = (job: Job) => job.status === 'queued' || job.status === 'running';
