import { useState } from 'preact/hooks';
import type { Job } from '../../../shared/jobs/index.ts';
import { api, seg } from '../api.ts';
import { can } from '../auth.ts';
import { isLive, jobHref } from '../jobView.ts';
import { Status, useData } from '../ui.tsx';
import { Files } from './JobDetail.tsx';

function Follow(props: { jobId: string }) {
  const { data: job } = useData(() => api<Job>('GET', `/v1/jobs/${seg(props.jobId)}`), [props.jobId], isLive);
  return (
    <div class="follow" role="status">
      <a href={jobHref(props.jobId)}>{props.jobId}</a> {job ? <Status status={job.status} /> : '…'}
      {job && !isLive(job) && can('identities:read') && <Files jobId={props.jobId} live={false} />}
    </div>
  );
}

/** "Export now": starts an export of a stored shared audience, then follows it to its files. */
export function ExportNow(props: { name: string }) {
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const start = async () => {
    setError('');
    try {
      const answer = await api<{ jobId: string }>('POST', '/v1/exports', { sharedAudience: props.name });
      setJobId(answer.jobId);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={start}
        disabled={!can('audiences:write')}
        aria-label={`Export now: ${props.name}`}
      >
        Export now
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
      {jobId && <Follow jobId={jobId} />}
    </>
  );
}
