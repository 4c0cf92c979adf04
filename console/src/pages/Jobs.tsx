import { useState } from 'preact/hooks';
import type { Job } from '../../../shared/jobs/index.ts';
import { api } from '../api.ts';
import { isLive, jobHref, matchRateOf, partnerOf } from '../jobView.ts';
import { duration, Field, formatDate, Loading, Page, Progress, Status, Table, useData } from '../ui.tsx';

/** Drops and jobs: a live table, refreshed while any job runs. */
export function Jobs() {
  const [type, setType] = useState('all');
  const { data, error } = useData(
    () => api<{ jobs: Job[] }>('GET', `/v1/jobs?limit=100${type === 'all' ? '' : `&type=${type}`}`),
    [type],
    (page) => page.jobs.some(isLive),
  );
  return (
    <Page title="Drops and jobs">
      <div class="toolbar">
        <Field
          name="type"
          label="Type"
          value={type}
          errors={{}}
          options={['all', 'ingest', 'export']}
          onInput={(e) => setType((e.currentTarget as HTMLSelectElement).value)}
        />
      </div>
      {data ? (
        <Table
          caption="Newest first; the table refreshes while a job runs"
          head={[
            'Job',
            'Status',
            'Partner',
            'Format',
            'Rows (written)',
            'Match rate',
            'Duration',
            'Warnings',
          ]}
          empty="No jobs yet: drop a file under inbound/ or start an export."
          rows={data.jobs.map((job) => [
            <a href={jobHref(job.jobId)}>{job.jobId}</a>,
            <span>
              <Status status={job.status} />
              {isLive(job) && job.source?.size ? (
                <Progress
                  value={job.progress?.bytes ?? 0}
                  max={job.source.size}
                  label={`${job.jobId} progress`}
                />
              ) : null}
            </span>,
            partnerOf(job),
            job.receipt.format ?? '–',
            (job.type === 'export'
              ? (job.receipt.recordsWritten ?? 0)
              : job.receipt.linesRead
            ).toLocaleString('en'),
            matchRateOf(job),
            duration(job.createdAt, job.updatedAt),
            job.receipt.warnings?.length ?? 0,
          ])}
        />
      ) : (
        <Loading error={error} />
      )}
      <p class="muted">Updated {formatDate(new Date().toISOString())} UTC</p>
    </Page>
  );
}
