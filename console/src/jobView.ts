import type { Job } from '../../shared/jobs/index.ts';
import { partnerOfKey } from '../../shared/jobs/overviewOf.ts';
import { percent } from './ui.tsx';

/** The partner of a drop (its folder under `inbound/`); exports have none. */
export const partnerOf = (job: Job) => (job.type === 'ingest' ? partnerOfKey(job.source?.key ?? '') : '–');

/** Share of a drop's valid IDs that reconciled (or were kept as address-only members). */
export const matchRateOf = (job: Job) =>
  job.type === 'ingest'
    ? percent(job.receipt.recordsProcessed - job.receipt.unmatchedIds, job.receipt.recordsProcessed)
    : '–';

export const jobHref = (jobId: string) => `#/jobs/${encodeURIComponent(jobId)}`;
export const isLive = (job: Job) => job.status === 'queued' || job.status === 'running';
