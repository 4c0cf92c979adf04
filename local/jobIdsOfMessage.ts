import { decodeS3EventKey } from './decodeS3EventKey.ts';
import type { WorkerName } from './LocalJobDispatcher.ts';

/** The source of an ingest job made from a drop message, when the message names one. */
export interface MessageJob {
  jobId: string;
  key?: string;
  etag?: string;
}

/**
 * The jobs a queue message is about: `ingest:<key>` for each record of an S3 notification or a
 * `drop` message, the `jobId` of a `continue` or export message. Unknown bodies name none.
 *
 * @example
 * jobIdsOfMessage('export', '{"jobId":"export:weekly:1"}'); // [{ jobId: 'export:weekly:1' }]
 */
export function jobIdsOfMessage(worker: WorkerName, body: string): MessageJob[] {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof message !== 'object' || message === null) return [];
  const m = message as {
    jobId?: unknown;
    kind?: unknown;
    key?: unknown;
    etag?: unknown;
    Records?: Array<{ s3?: { object?: { key?: unknown; eTag?: unknown } } }>;
  };
  if (worker === 'export' || m.kind === 'continue' || m.kind === 'range')
    return typeof m.jobId === 'string' ? [{ jobId: m.jobId }] : [];
  if (m.kind === 'drop' && typeof m.key === 'string') {
    return [
      { jobId: `ingest:${m.key}`, key: m.key, ...(typeof m.etag === 'string' ? { etag: m.etag } : {}) },
    ];
  }
  const jobs: MessageJob[] = [];
  for (const record of Array.isArray(m.Records) ? m.Records : []) {
    const raw = record.s3?.object?.key;
    if (typeof raw !== 'string') continue;
    let key: string;
    try {
      key = decodeS3EventKey(raw);
    } catch {
      continue;
    }
    const etag = record.s3?.object?.eTag;
    jobs.push({ jobId: `ingest:${key}`, key, ...(typeof etag === 'string' && etag ? { etag } : {}) });
  }
  return jobs;
}
