import { describe, expect, it } from 'vitest';
import { emptyReceipt, type Job, jobFilesOf } from '../../../shared/jobs/index.ts';

const base = {
  status: 'succeeded',
  createdAt: '',
  updatedAt: '',
  receipt: emptyReceipt(),
  attempts: 1,
} as const;

describe('jobFilesOf', () => {
  it("names a drop's receipt, rejected lines and unmatched IDs", () => {
    const job: Job = {
      ...base,
      jobId: 'ingest:inbound/p/a.sync',
      type: 'ingest',
      source: { key: 'inbound/p/a.sync' },
    };
    expect(jobFilesOf(job)).toEqual([
      { kind: 'receipt', key: 'receipts/ingest:inbound/p/a.sync.json' },
      { kind: 'rejected', key: 'rejected/inbound/p/a.sync.tsv' },
      { kind: 'unmatched', key: 'receipts/inbound/p/a.sync.unmatched.tsv' },
    ]);
  });

  it("names an export's files, its control file and its members without an ID", () => {
    const job: Job = {
      ...base,
      jobId: 'export:a:1',
      type: 'export',
      outputKeys: ['outbound/a/ftp_dpm_1_2.sync', 'outbound/a/ftp_dpm_1_2.info'],
      withoutIdKey: 'receipts/export:a:1.without-id.csv',
    };
    expect(jobFilesOf(job).map((f) => f.kind)).toEqual(['receipt', 'output', 'control', 'withoutId']);
  });
});
