import type { Job } from '../../../shared/jobs/index.ts';
import { api, seg } from '../api.ts';
import { can } from '../auth.ts';
import { isLive, matchRateOf, partnerOf } from '../jobView.ts';
import { Counters, duration, formatDate, Loading, Page, Progress, Status, Table, useData } from '../ui.tsx';

/** A job's files as `GET /v1/jobs/{jobId}/files` lists them, each with a short-lived link. */
export interface JobFiles {
  files: Array<{ kind: string; key: string; url: string; bytes?: number }>;
  expiresAt: string;
  info?: unknown;
}

function Rate(props: { job: Job }) {
  const { job } = props;
  const seconds = (Date.parse(job.updatedAt) - Date.parse(job.createdAt)) / 1000;
  const lines = job.progress?.lines ?? job.receipt.linesRead;
  return (
    <p>
      {lines.toLocaleString('en')} lines so far
      {seconds > 0 ? `, ${Math.round(lines / seconds).toLocaleString('en')} lines/s` : ''}
      {job.source?.size ? (
        <Progress value={job.progress?.bytes ?? 0} max={job.source.size} label="bytes read of the file" />
      ) : null}
    </p>
  );
}

export function Files(props: { jobId: string; live: boolean }) {
  const { data, error } = useData(
    () => api<JobFiles>('GET', `/v1/jobs/${seg(props.jobId)}/files`),
    [props.jobId, props.live],
  );
  if (!data) return <Loading error={error} />;
  return (
    <>
      <Table
        caption={`Downloads (links valid until ${formatDate(data.expiresAt)} UTC)`}
        head={['File', 'Kind', 'Bytes']}
        empty="No files for this job."
        rows={data.files.map((f) => [
          <a href={f.url} download>
            {f.key}
          </a>,
          f.kind,
          f.bytes?.toLocaleString('en') ?? '–',
        ])}
      />
      {data.info ? (
        <>
          <h2>Control file (.info)</h2>
          <pre class="code">{JSON.stringify(data.info, null, 2)}</pre>
        </>
      ) : null}
    </>
  );
}

/** One job: every receipt counter, warnings, reasons of the misses, first rejected lines, files. */
export function JobDetail(props: { jobId: string }) {
  const { data: job, error } = useData(
    () => api<Job>('GET', `/v1/jobs/${seg(props.jobId)}`),
    [props.jobId],
    isLive,
  );
  if (!job) return <Loading error={error} />;
  // Counters other parts of the product add over time are shown when present.
  const r = job.receipt as Job['receipt'] & {
    unmatched?: Record<string, number>;
    pendingMemberships?: number;
  };
  const unmatched = Object.entries(r.unmatched ?? {});
  return (
    <Page title={job.jobId}>
      <p>
        <Status status={job.status} /> {job.type} · partner {partnerOf(job)} · started{' '}
        {formatDate(job.createdAt)} UTC · {duration(job.createdAt, job.updatedAt)}
      </p>
      {isLive(job) && <Rate job={job} />}
      {job.error && (
        <p class="error" role="alert">
          {job.error.code}: {job.error.message}
        </p>
      )}
      <h2>Receipt</h2>
      <Counters
        items={[
          ['Format', r.format ?? '–'],
          ['Mode', r.mode ?? '–'],
          ['Lines read', r.linesRead],
          ['Records processed', r.recordsProcessed],
          ['Format errors', r.formatErrors],
          ['Invalid IDs', r.invalidIds],
          ['Unmatched IDs', r.unmatchedIds],
          ['Match rate', matchRateOf(job)],
          ['Pending memberships', r.pendingMemberships],
          ['Memberships added', r.membershipsAdded],
          ['Memberships removed', r.membershipsRemoved],
          ['ID links', r.idLinks],
          ['Segments', r.segments.length],
          ['Duplicate', r.duplicate ? 'yes' : 'no'],
          ...(job.type === 'export'
            ? ([
                ['Records written', r.recordsWritten],
                ['Without an ID', r.recordsWithoutId],
                ['Suppressed', r.recordsSuppressed],
              ] as Array<[string, number | undefined]>)
            : []),
        ]}
      />
      <h2>Unmatched by reason</h2>
      {unmatched.length ? (
        <Counters items={unmatched.map(([reason, n]) => [reason, n])} />
      ) : (
        <p class="muted">No reasons recorded.</p>
      )}
      <h2>Warnings</h2>
      {r.warnings?.length ? (
        <ul>
          {r.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
      <h2>First rejected lines</h2>
      <Table
        caption="Line number and reason (the line's content is in the rejected file)"
        head={['Line', 'Reason']}
        empty="No rejected lines."
        rows={r.errors.map((e) => [e.line, e.reason])}
      />
      <h2>Files</h2>
      {can('identities:read') ? (
        <Files jobId={job.jobId} live={isLive(job)} />
      ) : (
        <p class="muted">Downloads need the identities:read scope (the files hold identifiers).</p>
      )}
    </Page>
  );
}
