import type { Receipt } from './Receipt.ts';

export type JobType = 'ingest' | 'export' | 'materialize' | 'deliver' | 'rematch';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * A job record: one per drop (`ingest:<object key>`), one per export run, one per rule list
 * (`materialize:<listId>`, run again on each change) and one per delivery of an export to its
 * destination (`deliver:<export job ID>`). It carries the
 * receipt, never personal data, and the checkpoint a resumed run continues from.
 */
export interface Job {
  jobId: string;
  type: JobType;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  receipt: Receipt;
  outputKeys?: string[];
  withoutIdKey?: string;
  /** Why the job failed: an error code and a message naming the line or field. */
  error?: { code: string; message: string };
  /** Token subject or trigger (`s3`, `schedule`) that started the job. */
  startedBy?: string;
  /**
   * What the job works on: the object key, ETag and size in bytes of a drop (size feeds the
   * `BytesRead` metric), the shared audience of an export, or the export and destination of a
   * delivery.
   */
  source?: {
    key?: string;
    etag?: string;
    size?: number;
    sharedAudience?: string;
    exportJobId?: string;
    destination?: string;
  };
  attempts: number;
  /** How far a running drop has read: lines, and bytes of the object as stored (of `source.size`), at each checkpoint. */
  progress?: { lines: number; bytes: number; at: string };
  /** Opaque progress a resumed run continues from (owned by the job's pipeline). */
  checkpoint?: Record<string, unknown>;
  /** A big drop cut into byte ranges, each applied by its own invocation (owned by ingest). */
  ranges?: {
    id: string;
    holder: string;
    full: boolean;
    timestamp?: number;
    gzip?: boolean;
    ranges: Array<{ start: number; end: number; firstLine: number }>;
  };
}

/** Whether a job with this status has ended (no run will change it again). */
export function isFinished(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}
