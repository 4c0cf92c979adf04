import type { Job } from './Job.ts';

export type JobFileKind = 'receipt' | 'rejected' | 'unmatched' | 'withoutId' | 'output' | 'control';

/**
 * The bucket objects a job may have written, by kind: its receipt; a drop's rejected lines and
 * unmatched IDs; an export's files, its `.info` control file and its members without an ID.
 * Which of them exist is for the caller to check.
 *
 * @example
 * jobFilesOf(job); // [{ kind: 'receipt', key: 'receipts/ingest:inbound/a.sync.json' }, { kind: 'rejected', … }]
 */
export function jobFilesOf(job: Job): Array<{ kind: JobFileKind; key: string }> {
  const files: Array<{ kind: JobFileKind; key: string }> = [
    { kind: 'receipt', key: `receipts/${job.jobId}.json` },
  ];
  const dropKey = job.type === 'ingest' ? job.source?.key : undefined;
  if (dropKey) {
    files.push({ kind: 'rejected', key: `rejected/${dropKey}.tsv` });
    files.push({ kind: 'unmatched', key: `receipts/${dropKey}.unmatched.tsv` });
  }
  for (const key of job.outputKeys ?? [])
    files.push({ kind: key.endsWith('.info') ? 'control' : 'output', key });
  if (job.withoutIdKey) files.push({ kind: 'withoutId', key: job.withoutIdKey });
  return files;
}
